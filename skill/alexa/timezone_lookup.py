"""Each partner's time zone, read from their Echo through the Alexa Settings API.

The zone is cached in the user's record for a day, so most requests make no API call. When the
API cannot be reached (no token, 403, 5xx, timeout) we fall back to the last zone we knew, then to
the zone saved on the partner, then to UTC, and tell the user once how to fix it.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)
REFRESH_AFTER = timedelta(hours=24)
FALLBACK_NOTE = (
    "I couldn't read your device's time zone, so I'm using {zone} for now. "
    "You can set it in the Alexa app under your device's settings."
)


def _valid(zone: str | None) -> str | None:
    if not zone:
        return None
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return zone


def _fresh(record: dict, now: datetime) -> bool:
    checked = record.get("zone_at")
    if not checked:
        return False
    try:
        return now - datetime.fromisoformat(checked) < REFRESH_AFTER
    except ValueError:
        return False


def _from_device(handler_input) -> str | None:
    """Ask the Settings API for the device's zone; None when it cannot tell us."""
    envelope = handler_input.request_envelope
    system = envelope.context.system
    if not system.api_access_token or not system.device or not system.device.device_id:
        return None
    try:
        ups = handler_input.service_client_factory.get_ups_service()
        return _valid(ups.get_system_time_zone(system.device.device_id))
    except Exception as exc:  # ServiceException on 403/5xx, ApiClientException on timeouts
        log.info("device time zone unavailable", extra={"error": type(exc).__name__})
        return None


def resolve_zone(visit) -> None:
    """Set `visit.zone_name` (and `zone_note` when falling back); keep the record and couple current."""
    record = visit.record
    if _valid(record.get("zone")) and _fresh(record, visit.now):
        visit.zone_name = record["zone"]
        return
    zone = _from_device(visit.handler_input)
    if zone:
        visit.zone_name = zone
        record.update(zone=zone, zone_at=visit.now.isoformat())
        visit.save_record()
        me = visit.me
        if me is not None and me.zone != zone:
            visit.couple = visit.couples.update(visit.couple.id, lambda c: setattr(c.partners[visit.pid], "zone", zone))
        return
    known = _valid(record.get("zone")) or (_valid(visit.me.zone) if visit.me else None)
    visit.zone_name = known or "UTC"
    today = visit.now.date().isoformat()
    if not known and record.get("zone_noted") != today:
        # Said once a day: often enough to get it fixed, rarely enough not to nag.
        visit.zone_note = FALLBACK_NOTE.format(zone="UTC")
        record["zone_noted"] = today
        visit.save_record()
