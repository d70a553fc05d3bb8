"""model_check: the shipped models and manifest pass; each rule, broken on purpose, is caught."""
from __future__ import annotations

import copy

import pytest

from skill.alexa.model_check import MAIN_INTENTS, MIN_SAMPLES, REQUIRED_BUILTINS, check_manifest, check_model
from skill.skill_package import load_manifest, load_models

MODELS = load_models()


def test_all_five_locales_ship():
    assert sorted(MODELS) == ["en-AU", "en-CA", "en-GB", "en-IN", "en-US"]


@pytest.mark.parametrize("locale", sorted(MODELS))
def test_shipped_models_pass(locale):
    assert check_model(MODELS[locale]) == []


def test_shipped_manifest_passes_against_the_models():
    assert check_manifest(load_manifest(), models=MODELS) == []


@pytest.mark.parametrize("locale", sorted(MODELS))
def test_locales_share_intents_and_slots(locale):
    def shape(model):
        return {i["name"]: sorted((s["name"], s["type"]) for s in i.get("slots", []))
                for i in model["interactionModel"]["languageModel"]["intents"]}
    assert shape(MODELS[locale]) == shape(MODELS["en-US"])


def _intent(model, name):
    return next(i for i in model["interactionModel"]["languageModel"]["intents"] if i["name"] == name)


def _lm(model):
    return model["interactionModel"]["languageModel"]


def _dialog_slot(model, intent, slot):
    d_intent = next(i for i in model["interactionModel"]["dialog"]["intents"] if i["name"] == intent)
    return next(s for s in d_intent["slots"] if s["name"] == slot)


BREAKAGES = {
    "invocation upper case": (lambda m: _lm(m).update(invocationName="Closer Together"), "lower-case"),
    "invocation one word": (lambda m: _lm(m).update(invocationName="closer"), "at least two words"),
    "invocation says skill": (lambda m: _lm(m).update(invocationName="closer skill"), "launch or wake words"),
    "invocation launch phrase": (lambda m: _lm(m).update(invocationName="open closer together"), "launch or wake"),
    "invocation two words with article": (lambda m: _lm(m).update(invocationName="the closer"), "articles"),
    "no invocation": (lambda m: _lm(m).pop("invocationName"), "invocationName is missing"),
    "main intent missing": (lambda m: _lm(m)["intents"].remove(_intent(m, "SafetyIntent")), "SafetyIntent is missing"),
    "too few samples": (lambda m: _intent(m, "JarDrawIntent").update(samples=_intent(m, "JarDrawIntent")["samples"][:MIN_SAMPLES - 1]),
                        f"needs at least {MIN_SAMPLES}"),
    "intent defined twice": (lambda m: _lm(m)["intents"].append(copy.deepcopy(_intent(m, "PresenceIntent"))),
                             "defined twice"),
    "bad intent name": (lambda m: _intent(m, "PresenceIntent").update(name="Presence-Intent"), "not valid"),
    "undeclared slot in sample": (lambda m: _intent(m, "PresenceIntent")["samples"].append("presence with {partnerName}"),
                                  "undeclared slot 'partnerName'"),
    "declared slot unused": (lambda m: _intent(m, "PresenceIntent").update(slots=[{"name": "minutes", "type": "AMAZON.NUMBER"}]),
                             "declared but no sample uses it"),
    "undefined slot type": (lambda m: _intent(m, "PlanCallIntent")["slots"][0].update(type="Weekday"),
                            "undefined type 'Weekday'"),
    "duplicate within intent": (lambda m: _intent(m, "JarDrawIntent")["samples"].append("Draw  from the JAR"),
                                "duplicate sample"),
    "duplicate across intents": (lambda m: _intent(m, "JarDrawIntent")["samples"].append("what is tonight's prompt"),
                                 "conflicts with a sample of TonightPromptIntent"),
    "same shape, other slot name": (lambda m: _intent(m, "AppreciationIntent")["samples"].append("my answer is {appreciation}"),
                                    "conflicts with a sample of AnswerPromptIntent"),
    "slot sample clashes with another intent": (
        lambda m: _intent(m, "JoinIntent")["slots"][0]["samples"].append("join code {code}") or
        _intent(m, "AddVisitIntent")["slots"][0]["samples"].append("join code {startDate}"),
        "slot sample 'join code {startDate}' conflicts with a sample of JoinIntent"),
    "search query without carrier": (lambda m: _intent(m, "AnswerPromptIntent")["samples"].append("{answer}"),
                                     "needs a carrier phrase"),
    "search query with another slot": (
        lambda m: _intent(m, "SoftCheckInIntent")["samples"].append("i need {need} and appreciate {appreciation}"),
        "cannot share an utterance"),
    "digits in a sample": (lambda m: _intent(m, "PlanStartIntent")["samples"].append("start the 6 week plan"),
                           "spell numbers out"),
    "punctuation in a sample": (lambda m: _intent(m, "PlanStartIntent")["samples"].append("start the plan?"),
                                "characters Alexa rejects"),
    "unbalanced brace": (lambda m: _intent(m, "JoinIntent")["samples"].append("join code {code"), "characters Alexa rejects"),
    "custom type value twice": (lambda m: _lm(m)["types"][0]["values"][1]["name"]["synonyms"].append("mon"),
                                "more than once"),
    "dialog for unknown intent": (lambda m: m["interactionModel"]["dialog"]["intents"][0].update(name="NopeIntent"),
                                  "'NopeIntent' is not in the language model"),
    "dialog slot unknown": (lambda m: _dialog_slot(m, "SoftCheckInIntent", "need").update(name="want"),
                            "has no slot 'want'"),
    "dialog slot type differs": (lambda m: _dialog_slot(m, "JoinIntent", "code").update(type="AMAZON.FOUR_DIGIT_NUMBER"),
                                 "type differs"),
    "elicitation without prompt": (lambda m: _dialog_slot(m, "JoinIntent", "code").update(prompts={}),
                                   "requires elicitation but has no prompt"),
    "prompt id unknown": (lambda m: _dialog_slot(m, "JoinIntent", "code").update(prompts={"elicitation": "Elicit.Nope"}),
                          "unknown prompt 'Elicit.Nope'"),
    "elicited slot without samples": (lambda m: _intent(m, "AppreciationIntent")["slots"][0].pop("samples"),
                                      "elicited but has no slot samples"),
    "confirmation without prompt": (lambda m: _dialog_slot(m, "JoinIntent", "code").update(confirmationRequired=True),
                                    "requires confirmation but has no prompt"),
    "prompt id twice": (lambda m: m["interactionModel"]["prompts"].append(copy.deepcopy(m["interactionModel"]["prompts"][0])),
                        "defined twice"),
    "prompt without variations": (lambda m: m["interactionModel"]["prompts"][0].update(variations=[]), "needs variations"),
    "bad delegation strategy": (lambda m: m["interactionModel"]["dialog"].update(delegationStrategy="SOMETIMES"),
                                "delegationStrategy"),
    "wrong wrapper": (lambda m: m.update(interactionModel={"intents": []}), "must be {'interactionModel'"),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_each_broken_rule_is_caught(name):
    model = copy.deepcopy(MODELS["en-US"])
    breaker, expected = BREAKAGES[name]
    breaker(model)
    problems = check_model(model)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize("builtin", REQUIRED_BUILTINS)
def test_each_required_builtin_is_required(builtin):
    model = copy.deepcopy(MODELS["en-US"])
    _lm(model)["intents"].remove(_intent(model, builtin))
    assert f"required built-in intent {builtin} is missing" in check_model(model)


def test_main_intents_are_the_custom_intents_of_the_model():
    custom = {i["name"] for i in _lm(MODELS["en-US"])["intents"] if not i["name"].startswith("AMAZON.")}
    assert custom == set(MAIN_INTENTS)


def _body(m):
    return m["manifest"]


MANIFEST_BREAKAGES = {
    "version": (lambda m: _body(m).update(manifestVersion="2.0"), "manifestVersion"),
    "category": (lambda m: _body(m)["publishingInformation"].update(category="ROMANCE"), "not a known category"),
    "no countries": (lambda m: _body(m)["publishingInformation"].pop("distributionCountries"), "distributionCountries"),
    "phrase without wake word": (lambda m: _body(m)["publishingInformation"]["locales"]["en-US"]["examplePhrases"]
                                 .__setitem__(0, "ask closer together what's tonight's prompt"), "must start with 'Alexa, '"),
    "phrase not a sample": (lambda m: _body(m)["publishingInformation"]["locales"]["en-GB"]["examplePhrases"]
                            .__setitem__(1, "Alexa, ask closer together to order a pizza"), "does not match a sample"),
    "phrase only near a sample": (lambda m: _body(m)["publishingInformation"]["locales"]["en-US"]["examplePhrases"]
                                  .__setitem__(0, "Alexa, ask closer together what's the prompt for tonight"),
                                  "does not match a sample"),
    "four phrases": (lambda m: _body(m)["publishingInformation"]["locales"]["en-US"]["examplePhrases"]
                     .append("Alexa, open closer together"), "one to three phrases"),
    "long summary": (lambda m: _body(m)["publishingInformation"]["locales"]["en-AU"].update(summary="x" * 161), "summary"),
    "no name": (lambda m: _body(m)["publishingInformation"]["locales"]["en-IN"].pop("name"), ".name must be"),
    "privacy flag": (lambda m: _body(m)["privacyAndCompliance"].pop("isChildDirected"), "isChildDirected"),
    "privacy url": (lambda m: _body(m)["privacyAndCompliance"]["locales"].pop("en-CA"), "en-CA needs an https privacyPolicyUrl"),
    "permission": (lambda m: _body(m)["permissions"].pop(1), "alexa::profile:mobile_number:read is missing"),
    "no skill disabled": (lambda m: _body(m)["events"].update(subscriptions=[]), "SKILL_DISABLED"),
    "unknown event": (lambda m: _body(m)["events"]["subscriptions"].append({"eventName": "SKILL_LOVED"}), "unknown event"),
    "http endpoint": (lambda m: _body(m)["apis"]["custom"]["endpoint"].update(uri="http://x.example.com"), "https://"),
    "no cert type": (lambda m: _body(m)["apis"]["custom"]["endpoint"].pop("sslCertificateType"), "sslCertificateType"),
    "arn with cert type": (lambda m: _body(m)["events"]["endpoint"].update(uri="arn:aws:lambda:us-east-1:1:function:f"),
                           "only for HTTPS"),
    "no apl": (lambda m: _body(m)["apis"]["custom"].update(interfaces=[]), "ALEXA_PRESENTATION_APL"),
    "locale without model": (lambda m: _body(m)["publishingInformation"]["locales"].update(
        {"en-NZ": copy.deepcopy(_body(m)["publishingInformation"]["locales"]["en-AU"])}), "differ from model locales"),
    "wrong wrapper": (lambda m: m.update(manifest=None), "must be {'manifest'"),
}


@pytest.mark.parametrize("name", sorted(MANIFEST_BREAKAGES))
def test_each_broken_manifest_rule_is_caught(name):
    manifest = copy.deepcopy(load_manifest())
    breaker, expected = MANIFEST_BREAKAGES[name]
    breaker(manifest)
    problems = check_manifest(manifest, models=MODELS)
    assert any(expected in p for p in problems), problems


def test_manifest_publishes_what_the_brief_asks():
    body = load_manifest()["manifest"]
    for locale, info in body["publishingInformation"]["locales"].items():
        assert info["name"] == "Closer Together"
        assert len(info["examplePhrases"]) == 3
        assert all(p.startswith("Alexa, ask closer together ") for p in info["examplePhrases"])
    assert body["apis"]["custom"]["endpoint"]["sslCertificateType"] == "Wildcard"
