"""Phone numbers: read what a person typed or said, and store it as E.164.

A number written without a country code is read in a default region: the one given, else the
country of the partner's time zone (from the tz database's `zone.tab`, which `tzdata` ships).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from .errors import InvalidPhoneNumber

_SMS_CAPABLE = {
    PhoneNumberType.MOBILE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE,
    PhoneNumberType.PAGER,
    PhoneNumberType.VOIP,
    PhoneNumberType.PERSONAL_NUMBER,
}


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """Map IANA zone -> ISO 3166 country code, from the tz database's zone.tab."""
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    mapping: dict[str, str] = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            country, _coords, zone = line.split("\t")[:3]
            mapping[zone] = country
    return mapping


def region_for_zone(zone: str | None) -> str | None:
    """The country whose numbers a partner in `zone` most likely has, or None if unknown.

    >>> region_for_zone("Europe/Berlin"), region_for_zone("America/Toronto"), region_for_zone("UTC")
    ('DE', 'CA', None)
    """
    return _zone_countries().get(zone or "")


def normalise(raw: str, *, zone: str | None = None, region: str | None = None) -> str:
    """Return `raw` as an E.164 string, or raise InvalidPhoneNumber saying why.

    >>> normalise("0151 2345 6789", region="DE")
    '+4915123456789'
    >>> normalise("030 901820", region="DE")  # a Berlin landline cannot receive texts
    Traceback (most recent call last):
    ...
    skill.nudges.errors.InvalidPhoneNumber: '030 901820' is not a valid phone number (not a mobile number, so it cannot receive texts); read as a DE number
    >>> normalise("(201) 555-0123", zone="America/New_York")
    '+12015550123'
    """
    default = (region or region_for_zone(zone) or "").upper() or None
    text = (raw or "").strip()
    if not text:
        raise InvalidPhoneNumber(raw or "", default, "empty")
    try:
        number = phonenumbers.parse(text, default)
    except NumberParseException as exc:
        reason = "no country code and no region to read it in" if default is None else str(exc.args[0])
        raise InvalidPhoneNumber(raw, default, reason) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber(raw, default, "no such number in its country's numbering plan")
    if phonenumbers.number_type(number) not in _SMS_CAPABLE:
        raise InvalidPhoneNumber(raw, default, "not a mobile number, so it cannot receive texts")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def masked(e164: str) -> str:
    """A number safe to print or log: country code and last two digits only.

    >>> masked("+4915112345678")
    '+49•••••••••78'
    """
    try:
        code = str(phonenumbers.parse(e164).country_code)
    except NumberParseException:
        code = ""
    rest = e164[1 + len(code):]
    return f"+{code}" + "•" * max(0, len(rest) - 2) + rest[-2:]
