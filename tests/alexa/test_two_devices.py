"""Two partners, two Echos, ten hours apart: pairing, answers that reach each other, forget me."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from skill.content import library
from skill.services.tonight import given_key
from skill.store.keys import user_key

from .helpers import pair, spoken_code

LONDON, HONOLULU = "Europe/London", "Pacific/Honolulu"  # ten hours apart in November


def test_the_whole_journey_of_two_devices(device, clock, redis_client):
    clock.current = datetime(2026, 11, 24, 20, 0, tzinfo=timezone.utc)  # 20:00 London, 10:00 Honolulu
    ana, kai = device("ana", LONDON), device("kai", HONOLULU)

    # Set up on Ana's Echo, join on Kai's: names by voice.
    code = spoken_code(ana.say("ask closer together to set us up"))
    assert "what should i call you" in ana.turns[-1].speech_text.lower()
    ana.say("my name is ana")
    linked = kai.say(f"ask closer together to join with code {code}")
    assert "linked with Ana" in linked.speech_text
    kai.say("my name is kai")

    # Both answer tonight's prompt, each on their own evening; nobody hears anything early.
    prompt = ana.say("ask closer together for tonight's prompt").card["content"]
    waiting = ana.say("ask closer together my answer is the walk by the river")
    assert "keep your answer safe" in waiting.speech_text
    early = kai.say("ask closer together what did ana say")
    assert "river" not in early.speech_text
    clock.current = datetime(2026, 11, 25, 6, 0, tzinfo=timezone.utc)  # 20:00 in Honolulu, still the 24th
    assert kai.say("ask closer together for tonight's prompt").card["content"] == prompt
    reveal = kai.say("ask closer together my answer is our first video call")
    assert "the walk by the river" in reveal.speech_text

    # Ana hears Kai's answer once, at her next launch, then never again.
    clock.current = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
    first_open = ana.launch()
    assert "our first video call" in first_open.speech_text
    ana.say("stop")
    assert "our first video call" not in ana.launch().speech_text
    ana.say("stop")

    # An appreciation travels once.
    ana.say("ask closer together i appreciated how you waited up for my call")
    delivered = kai.launch()
    assert "Ana left you an appreciation, in their own words: how you waited up for my call" in delivered.speech_text
    kai.say("stop")
    assert "waited up" not in kai.launch().speech_text
    kai.say("stop")

    # A visit added by one is heard by the other, on their own local date.
    asked = kai.say("ask closer together to add a visit from december twentieth to december twenty seventh")
    assert asked.speech_text == "Who's travelling: you, or Ana?" and not asked.should_end_session
    added = kai.say("ana is")
    assert added.speech_text == ("Added: Ana's visit to you, from Sunday, December 20 to Sunday, December 27. "
                                 "I'll tell Ana.")
    assert "Kai added a visit" in ana.launch().speech_text
    ana.say("stop")
    countdown = ana.say("ask closer together when is our next visit")
    # Kai said Ana travels, so she hears "you're travelling" (not her own name).
    assert "days to go" in countdown.speech_text and "you're travelling" in countdown.speech_text
    clock.current = datetime(2026, 12, 20, 9, 0, tzinfo=timezone.utc)  # the first day, 9:00 in London
    assert countdown.speech_text != (first_day := ana.say("ask closer together when is our next visit").speech_text)
    assert first_day == ("It's today! Your visit starts today, and you're travelling: 8 days, "
                         "until Sunday, December 27.")
    clock.current = datetime(2026, 12, 21, 9, 0, tzinfo=timezone.utc)
    assert "together now: day 2 of 8" in ana.say("ask closer together when is our next visit").speech_text
    clock.current = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)

    # Forget me: asked to confirm, then everything of Kai's goes and Ana is told.
    question = kai.say("ask closer together to forget me")
    assert "can't be undone" in question.speech_text and question.should_end_session is False
    done = kai.say("yes")
    assert "deleted your data" in done.speech_text
    assert redis_client.get(user_key("amzn1.ask.account.kai")) is None
    told = ana.launch()
    assert "Kai has unlinked" in told.speech_text
    ana.say("stop")
    after = ana.say("ask closer together what did kai say")
    assert "our first video call" not in after.speech_text


def test_one_partner_never_hears_the_others_unfinished_answer(device):
    ana, kai = device("ana", LONDON), device("kai", HONOLULU)
    code = spoken_code(ana.say("ask closer together to set us up"))
    kai.say(f"ask closer together to join with code {code}")
    kai.say("ask closer together for tonight's prompt")
    kai.say("ask closer together my answer is a secret only for later")
    ana.say("ask closer together for tonight's prompt")
    for utterance in ("what did my partner say", "open closer together"):
        assert "secret" not in ana.say(utterance).speech_text


def test_codes_are_single_use_and_expire(device, redis_client):
    ana, kai, lee = device("ana", LONDON), device("kai", HONOLULU), device("lee", "Asia/Tokyo")
    code = spoken_code(ana.say("ask closer together to set us up"))
    kai.say(f"ask closer together to join with code {code}")
    assert "didn't work" in lee.say(f"ask closer together to join with code {code}").speech_text

    late = spoken_code(ana.say("ask closer together to set us up"))
    key = f"closer:pair:{late}"
    assert 890 <= redis_client.ttl(key) <= 900  # valid for fifteen minutes
    redis_client.expire(key, 0)  # the fifteen minutes run out (Redis expires the key)
    assert "didn't work" in lee.say(f"ask closer together to join with code {late}").speech_text


def test_guessing_codes_is_refused_after_five_wrong_tries(device):
    ana, mallory = device("ana", LONDON), device("mallory", "UTC")
    code = spoken_code(ana.say("ask closer together to set us up"))
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        assert "didn't work" in mallory.say(f"ask closer together to join with code {wrong}").speech_text
    refused = mallory.say(f"ask closer together to join with code {code}")
    assert "too many codes" in refused.speech_text
    # The right code was not consumed by the refused attempt.
    kai = device("kai", HONOLULU)
    assert "linked" in kai.say(f"ask closer together to join with code {code}").speech_text


def test_rejoining_after_re_enabling_keeps_the_couples_history(device):
    ana, kai = device("ana", LONDON), device("kai", HONOLULU)
    code = spoken_code(ana.say("ask closer together to set us up"))
    kai.say(f"ask closer together to join with code {code}")
    ana.say("ask closer together to add a visit from december twentieth to december twenty seventh")
    ana.say("me")
    prompt = ana.say("ask closer together for tonight's prompt").card["content"]
    # Kai disables and re-enables the skill: Alexa sends SkillDisabled, then a new user id.
    kai.event("SkillDisabled")
    assert "unlinked" in ana.launch().speech_text
    ana.say("stop")
    kai_again = device("kai2", HONOLULU)
    fresh = spoken_code(ana.say("ask closer together to set us up"))
    assert "linked" in kai_again.say(f"ask closer together to join with code {fresh}").speech_text
    # The couple's prompt history is still there; the visit planned with the Kai who unlinked is not
    # (Closer cannot tell a re-enabled Kai from someone new, and must not hand them Kai's plans).
    assert "no visit on the calendar" in kai_again.say("ask closer together when is our next visit").speech_text
    assert kai_again.say("ask closer together for tonight's prompt").card["content"] == prompt


def test_skill_disabled_forgets_the_user(device, redis_client):
    ana = device("ana", LONDON)
    ana.say("ask closer together for tonight's prompt")
    assert redis_client.get(user_key("amzn1.ask.account.ana")) is not None
    ana.event("SkillDisabled")
    assert redis_client.get(user_key("amzn1.ask.account.ana")) is None
    assert not list(redis_client.scan_iter("{couple:*"))


def test_given_name_permission_is_used_when_granted(device, alexa_api):
    ana = device("ana", LONDON, given_name="Ana")
    ana.say("ask closer together to set us up")
    assert "what should i call you" not in ana.turns[-1].speech_text.lower()


def test_echo_show_gets_the_prompt_on_screen(device):
    ana = device("ana", LONDON, apl=True)
    turn = ana.say("ask closer together for tonight's prompt")
    directive = next(d for d in turn.directives if d["type"] == "Alexa.Presentation.APL.RenderDocument")
    assert directive["datasources"]["payload"]["card"]["body"] == turn.card["content"]
    speaker = device("bo", LONDON)
    assert not [d for d in speaker.say("ask closer together for tonight's prompt").directives
                if d["type"].startswith("Alexa.Presentation.APL")]


@pytest.mark.parametrize("answer", ["i'm scared of my partner", "i really don't feel safe at home"])
def test_safety_words_inside_an_answer_are_not_stored_or_relayed(device, redis_client, answer):
    ana, kai = device("ana", LONDON), device("kai", HONOLULU)
    code = spoken_code(ana.say("ask closer together to set us up"))
    kai.say(f"ask closer together to join with code {code}")
    ana.say("ask closer together for tonight's prompt")
    turn = ana.say(f"ask closer together my answer is {answer}")
    assert "safety comes first" in turn.speech_text
    assert not [k for k in redis_client.scan_iter("{couple:*}:answers:*")]


def test_a_global_cap_stops_guessing_spread_over_many_users(device, monkeypatch):
    from skill.services import pairing

    monkeypatch.setattr(pairing, "GLOBAL_WRONG_LIMIT", 3)
    ana = device("ana", LONDON)
    code = spoken_code(ana.say("ask closer together to set us up"))
    wrong = f"{(int(code) + 7) % 10**6:06d}"
    for n in range(3):  # three different users, one wrong try each
        assert "didn't work" in device(f"guesser{n}", "UTC").say(f"ask closer together to join with code {wrong}").speech_text
    assert "too many codes" in device("kai", HONOLULU).say(f"ask closer together to join with code {code}").speech_text


def test_joining_a_partner_brings_the_jar_and_the_prompts_heard_alone(device, clock, redis_client):
    # Ana used Closer alone for a week before Kai set them up: her jar idea and the prompts she
    # heard come with her; her couple of one is gone.
    ana = device("ana", LONDON)
    heard = set()
    for _ in range(7):
        heard.add(ana.say("ask closer together for tonight's prompt").card["content"])
        clock.advance(days=1)
    ana.say("ask closer together to put a picnic by the river in the jar")
    solo = json.loads(redis_client.get(user_key("amzn1.ask.account.ana")))["couple"]
    kai = device("kai", HONOLULU)
    code = spoken_code(kai.say("ask closer together to set us up"))
    assert "linked" in ana.say(f"ask closer together to join with code {code}").speech_text
    assert not list(redis_client.scan_iter(f"{{couple:{solo}}}*"))
    joined = json.loads(redis_client.get(user_key("amzn1.ask.account.ana")))["couple"]
    heard_ids = {p.id for p in library.prompts() if p.text in heard}
    assert len(heard_ids) == 7 and heard_ids <= set(redis_client.hkeys(given_key(joined)))
    assert "picnic by the river" in kai.say("ask closer together to draw from the jar").speech_text
    for _ in range(23):  # within 30 days of Ana hearing them, none of her prompts comes back
        assert kai.say("ask closer together for tonight's prompt").card["content"] not in heard
        clock.advance(days=1)


def test_a_soft_check_in_reaches_the_partner_once_and_asks_about_them_by_name(device):
    ana, kai = pair(device, ("ana", LONDON), ("kai", HONOLULU))
    ana.say("ask closer together to start our check in")
    asked = ana.say("more unhurried calls")
    assert asked.speech_text == "Thank you. And what's one thing you appreciate about Kai?"
    assert "Kai will hear it" in ana.say("your patience with my schedule").speech_text
    heard = kai.launch().speech_text
    assert "more unhurried calls" in heard and "your patience with my schedule" in heard, heard
    kai.say("stop")
    assert "unhurried" not in kai.launch().speech_text


def test_hearing_the_partners_check_in_offers_ones_own_and_a_yes_starts_it(device, clock):
    ana, kai = pair(device, ("ana", LONDON), ("kai", HONOLULU))
    ana.say("ask closer together to start our check in")
    ana.say("more unhurried calls")
    ana.say("your patience with my schedule")
    heard = kai.launch()
    assert heard.speech_text.endswith("Would you like to share yours with Ana now, one need and one appreciation?")
    started = kai.say("yes")
    assert started.speech_text == "Let's do your soft check-in. First, what's one thing you need this week?"
    assert started.directives[0]["slotToElicit"] == "need"
    kai.say("a slow morning call")
    assert "Ana will hear it" in kai.say("the photos you send").speech_text
    # Ana has done hers this week: she hears Kai's without being asked for another.
    told = ana.launch().speech_text
    assert "a slow morning call" in told and "share yours" not in told and told.endswith("What would you like?")
    # A week on, Kai's check-in is a week old: hearing Ana's next one offers it again.
    clock.advance(days=7)
    ana.say("ask closer together to start our check in")
    ana.say("a weekend together")
    ana.say("your voice notes")
    assert "Would you like to share yours with Ana now," in kai.launch().speech_text


def test_who_travels_is_taken_from_what_was_said_or_asked(device):
    ana, kai = pair(device, ("ana", LONDON), ("kai", HONOLULU))
    # "I'm visiting" says it all: no question, and it is Kai who travels (it used to record Ana).
    added = kai.say("ask closer together i'm visiting from january tenth to january seventeenth")
    assert added.speech_text.startswith("Added: your visit to Ana, from Sunday, January 10")
    told = ana.launch().speech_text
    assert "Kai added a visit, from Sunday, January 10 to Sunday, January 17: Kai is coming to you." in told
    ana.say("stop")
    assert "Kai is travelling" in ana.say("ask closer together when is our next visit").speech_text
    assert "you're travelling" in kai.say("ask closer together when is our next visit").speech_text
    # Dates that clash are said at once, before anyone is asked who travels.
    clash = ana.say("ask closer together to add a visit from january twelfth to january twentieth")
    assert "overlaps a visit you already have" in clash.speech_text
    # "We're visiting" leaves it open: asked, and answered with a name.
    assert "Who's travelling" in ana.say("ask closer together we're visiting from march fourth to march eleventh").speech_text
    assert "Added: your visit to Kai" in ana.say("ana").speech_text


def test_add_a_visit_alone_is_a_dialog_one_question_at_a_time(device, clock):
    clock.current = datetime(2026, 11, 24, 20, 0, tzinfo=timezone.utc)  # a Tuesday
    ana, kai = pair(device, ("ana", LONDON), ("kai", HONOLULU))
    ana.launch()
    first = ana.say("add a visit")
    assert first.speech_text == "Lovely. What's the first day you'll be together?" and not first.should_end_session
    assert first.directives[0]["type"] == "Dialog.ElicitSlot" and first.directives[0]["slotToElicit"] == "startDate"
    # Both days in one answer, then who travels; someone who is neither of them is asked about again.
    assert ana.say("from april second to april ninth").speech_text == "Who's travelling: you, or Kai?"
    stranger = ana.say("bob is")
    assert stranger.speech_text == "I keep visits between the two of you. Who's travelling: you, or Kai?"
    assert stranger.directives[0]["slotToElicit"] == "traveler"
    assert ana.say("me").speech_text.startswith("Added: your visit to Kai, from Friday, April 2 to Friday, April 9")
    # One day first, then the last day is asked for.
    asked = kai.say("ask closer together to add a visit on may first")
    assert asked.speech_text == "From Saturday, May 1. And what's the last day?"
    assert asked.directives[0]["slotToElicit"] == "endDate"
    assert kai.say("may fourth").speech_text == "Who's travelling: you, or Ana?"
    assert "from Saturday, May 1 to Tuesday, May 4" in kai.say("she is").speech_text
    # "This weekend" is a whole visit: Saturday and Sunday.
    kai.say("ask closer together to add a visit this weekend")
    assert "from Saturday, November 28 to Sunday, November 29" in kai.say("i am").speech_text
    # A month is not a day: asked again, not guessed.
    vague = kai.say("ask closer together to add a visit in june")
    assert vague.directives[0]["slotToElicit"] == "startDate"


def test_the_plan_started_by_one_partner_has_begun_for_the_other_a_day_behind(device, clock):
    clock.current = datetime(2026, 11, 24, 23, 0, tzinfo=timezone.utc)  # Sydney: the 25th; Honolulu: the 24th
    ben, kai = pair(device, ("ben", "Australia/Sydney"), ("kai", HONOLULU))
    started = ben.say("ask closer together to start the six week plan")
    assert started.speech_text.startswith("Your six-week plan starts today. This is week 1 of your plan")
    # Kai is still on the 24th, the day before the plan's first date: week one, not "finished".
    told = kai.launch().speech_text
    assert "Ben started your six-week plan today" in told
    kai.say("stop")
    assert "This is week 1 of your plan" in kai.say("ask closer together what's this week of the plan").speech_text
    # Starting again while it runs is asked first; a no keeps their place.
    clock.advance(days=8)
    asked = kai.say("ask closer together to start the six week plan")
    assert asked.speech_text == "You're in week 2 of your plan already. Would you like to start over from week one?"
    kai.say("no")
    assert "This is week 2" in kai.say("ask closer together what's this week of the plan").speech_text
    kai.say("ask closer together to start the six week plan")
    assert "This is week 1" in kai.say("yes").speech_text
    assert "Kai started your six-week plan today" in ben.launch().speech_text
