"""Text rules: markup, placeholders, GSM-7 septets and SMS segments."""
from __future__ import annotations

import doctest

import pytest

from skill.content import selection, speech_check


@pytest.mark.parametrize("module", [speech_check, selection])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_markup_is_found():
    assert speech_check.markup_in('Say <break time="1s"/> & go') == {"<", ">", "&"}
    assert speech_check.markup_in("Plain words, with 'quotes' and a dash - fine.") == set()


def test_gsm7_extension_characters_cost_two():
    assert speech_check.gsm7_septets("[]") == 4
    assert speech_check.gsm7_septets("\u20ac5") == 3
    assert speech_check.sms_segments("[" * 80) == 1
    assert speech_check.sms_segments("[" * 81) == 2


@pytest.mark.parametrize("text", ["smile \U0001F600", "\u201cquoted\u201d", "em \u2014 dash", "\u0141ukasz"])
def test_not_gsm7(text):
    assert not speech_check.is_gsm7(text)


def test_ucs2_segments():
    assert speech_check.sms_segments("\u0141" * 70) == 1
    assert speech_check.sms_segments("\u0141" * 71) == 2
    assert speech_check.sms_segments("\u0141" * 135) == 3


def test_placeholders():
    assert speech_check.placeholders("no fields") == set()
    assert speech_check.strip_placeholders("hi {partner}!", {"partner"}) == "hi !"
