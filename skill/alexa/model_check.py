"""Check interaction models and the skill manifest against the rules Alexa's build enforces.

`check_model` / `check_manifest` return a list of problems (empty = valid), so a test or the
skill-package writer can report them all at once instead of failing on the first. The rules are
those of the interaction model schema and the certification checklist that bite most often;
Alexa's real build has more (e.g. slot value limits), so passing here is necessary, not sufficient.
"""
from __future__ import annotations

import re

from .utterances import normalise

REQUIRED_BUILTINS = ("AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent",
                     "AMAZON.NavigateHomeIntent", "AMAZON.FallbackIntent")
# Closer's own intents; each needs MIN_SAMPLES varied samples so Alexa's NLU generalises.
MAIN_INTENTS = (
    "TonightPromptIntent", "AnotherPromptIntent", "AnswerPromptIntent", "PartnerAnswerIntent",
    "AppreciationIntent", "SoftCheckInIntent", "PresenceIntent", "PlanWeekIntent", "PlanStartIntent",
    "JarAddIntent", "JarDrawIntent", "OpenerIntent", "SafetyIntent", "NextCallIntent", "NextVisitIntent",
    "PartnerTimeIntent", "SetUpIntent", "JoinIntent", "MyNameIntent", "NudgePartnerIntent",
    "AddVisitIntent", "PlanCallIntent", "FreeHoursIntent", "HowAreWeDoingIntent", "MissPartnerIntent", "ForgetMeIntent", "NudgeSettingsIntent",
    "EnableNudgesIntent", "CalendarLinkIntent", "CancelVisitIntent", "LeaveNoteIntent", "WaitingForMeIntent",
)
MIN_SAMPLES = 20
SEARCH_QUERY = "AMAZON.SearchQuery"
_FORBIDDEN_INVOCATION_WORDS = {"alexa", "amazon", "echo", "computer", "skill", "app", "ask", "tell",
                               "open", "launch", "start", "begin", "load", "run", "resume", "play", "enable"}
_TWO_WORD_FILLERS = {"the", "a", "an", "for", "to", "of"}
_SAMPLE_CHARS = re.compile(r"^[A-Za-z' .\-{}]+$")
_SLOT_REF = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"^[A-Za-z_]+$")


def check_model(model: dict) -> list[str]:
    """Problems in one interaction model file (`{"interactionModel": {...}}`); [] when valid."""
    root = model.get("interactionModel")
    if not isinstance(root, dict) or not isinstance(root.get("languageModel"), dict):
        return ["model must be {'interactionModel': {'languageModel': {...}}}"]
    lm = root["languageModel"]
    problems = _check_invocation(lm.get("invocationName"))
    intents = lm.get("intents") or []
    names = [i.get("name") for i in intents]
    problems += [f"intent {n!r} is defined twice" for n in sorted({n for n in names if names.count(n) > 1})]
    problems += [f"required built-in intent {b} is missing" for b in REQUIRED_BUILTINS if b not in names]
    problems += [f"intent {m} is missing" for m in MAIN_INTENTS if m not in names]
    custom_types = {t.get("name") for t in lm.get("types", [])}
    problems += _check_types(lm.get("types", []))
    seen: dict[str, str] = {}  # conflict key -> intent that has it
    for intent in intents:
        problems += _check_intent(intent, custom_types, seen)
    # A slot sample that equals another intent's sample makes the answer to a question ambiguous.
    for intent in intents:
        for slot in intent.get("slots", []):
            for sample in slot.get("samples", []):
                other = seen.get(_conflict_key(sample), intent.get("name"))
                if other != intent.get("name"):
                    problems.append(f"{intent.get('name')}.{slot.get('name')}: slot sample {sample!r} "
                                    f"conflicts with a sample of {other}")
    problems += _check_dialog(root, {i.get("name"): i for i in intents})
    return problems


def _check_invocation(name) -> list[str]:
    if not isinstance(name, str) or not name:
        return ["invocationName is missing"]
    problems = []
    if not re.fullmatch(r"[a-z][a-z' .]*", name):
        problems.append(f"invocation name {name!r}: only lower-case letters, spaces, apostrophes, periods")
    words = name.split()
    if len(words) < 2:
        problems.append(f"invocation name {name!r} must have at least two words")
    bad = sorted(set(words) & _FORBIDDEN_INVOCATION_WORDS)
    if bad:
        problems.append(f"invocation name {name!r} contains launch or wake words {bad}")
    if len(words) == 2 and set(words) & _TWO_WORD_FILLERS:
        problems.append(f"two-word invocation name {name!r} may not use articles or prepositions")
    return problems


def _check_types(types: list) -> list[str]:
    problems, names = [], [t.get("name") for t in types]
    for type_ in types:
        values = type_.get("values") or []
        if not values:
            problems.append(f"slot type {type_.get('name')!r} has no values")
        said = [v.get("name", {}).get("value") for v in values]
        said += [s for v in values for s in v.get("name", {}).get("synonyms", [])]
        dupes = sorted({s for s in said if s and said.count(s) > 1})
        problems += [f"slot type {type_.get('name')!r} lists {d!r} more than once" for d in dupes]
    problems += [f"slot type {n!r} is defined twice" for n in sorted({n for n in names if names.count(n) > 1})]
    return problems


def _conflict_key(sample: str) -> str:
    """Samples that Alexa cannot tell apart: same words once slots are blanked out."""
    return " ".join("{}" if _SLOT_REF.fullmatch(w) else " ".join(normalise(w)) for w in sample.split())


def _check_intent(intent: dict, custom_types: set, seen: dict) -> list[str]:
    name, problems = intent.get("name"), []
    if not isinstance(name, str) or not (name.startswith("AMAZON.") or _NAME.match(name)):
        return [f"intent name {name!r} is not valid"]
    slots = {s.get("name"): s.get("type") for s in intent.get("slots", [])}
    for slot_name, slot_type in slots.items():
        if not (str(slot_type).startswith("AMAZON.") or slot_type in custom_types):
            problems.append(f"{name}: slot {slot_name!r} has undefined type {slot_type!r}")
    samples = intent.get("samples", [])
    if name in MAIN_INTENTS and len(samples) < MIN_SAMPLES:
        problems.append(f"{name}: {len(samples)} sample utterances, needs at least {MIN_SAMPLES}")
    used: set[str] = set()
    tidy = [" ".join(s.lower().split()) for s in samples]
    problems += [f"{name}: duplicate sample {d!r}" for d in sorted({t for t in tidy if tidy.count(t) > 1})]
    slot_samples = [(s, sample) for s in intent.get("slots", []) for sample in s.get("samples", [])]
    for sample, owner in [(s, None) for s in samples] + [(x, s.get("name")) for s, x in slot_samples]:
        where = f"{name}: sample {sample!r}" if owner is None else f"{name}.{owner}: slot sample {sample!r}"
        refs = _SLOT_REF.findall(sample)
        used.update(refs)
        if not _SAMPLE_CHARS.match(sample) or sample.count("{") != len(refs) or sample.count("}") != len(refs):
            problems.append(f"{where} has characters Alexa rejects (spell numbers out; no punctuation)")
        problems += [f"{where} uses undeclared slot {r!r}" for r in refs if r not in slots]
        if any(slots.get(r) == SEARCH_QUERY for r in refs):
            if not _SLOT_REF.sub("", sample).strip():
                problems.append(f"{where}: an AMAZON.SearchQuery slot needs a carrier phrase")
            if len(refs) > 1:
                problems.append(f"{where}: an AMAZON.SearchQuery slot cannot share an utterance with other slots")
        if owner is None:  # slot samples only apply while that slot is asked for: checked later
            other = seen.setdefault(_conflict_key(sample), name)
            if other != name:
                problems.append(f"{where} conflicts with a sample of {other}")
    problems += [f"{name}: slot {s!r} is declared but no sample uses it" for s in slots if s not in used]
    return problems


def _check_dialog(root: dict, intents: dict) -> list[str]:
    dialog, problems = root.get("dialog"), []
    prompt_ids = [p.get("id") for p in root.get("prompts", [])]
    problems += [f"prompt id {p!r} is defined twice" for p in sorted({p for p in prompt_ids if prompt_ids.count(p) > 1})]
    for prompt in root.get("prompts", []):
        variations = prompt.get("variations") or []
        if not variations or any(v.get("type") not in ("PlainText", "SSML") or not v.get("value") for v in variations):
            problems.append(f"prompt {prompt.get('id')!r} needs variations of type PlainText or SSML with a value")
    if not dialog:
        return problems
    if dialog.get("delegationStrategy", "ALWAYS") not in ("ALWAYS", "SKILL_RESPONSE"):
        problems.append("dialog.delegationStrategy must be ALWAYS or SKILL_RESPONSE")
    for d_intent in dialog.get("intents", []):
        name = d_intent.get("name")
        intent = intents.get(name)
        if intent is None:
            problems.append(f"dialog: intent {name!r} is not in the language model")
            continue
        declared = {s.get("name"): s for s in intent.get("slots", [])}
        refs = [("intent", name, d_intent.get("prompts", {}))]
        for d_slot in d_intent.get("slots", []):
            slot = declared.get(d_slot.get("name"))
            if slot is None:
                problems.append(f"dialog: {name} has no slot {d_slot.get('name')!r}")
                continue
            if d_slot.get("type") != slot.get("type"):
                problems.append(f"dialog: {name}.{slot['name']} type differs from the language model")
            prompts = d_slot.get("prompts", {})
            if d_slot.get("elicitationRequired") and not prompts.get("elicitation"):
                problems.append(f"dialog: {name}.{slot['name']} requires elicitation but has no prompt")
            if d_slot.get("elicitationRequired") and not slot.get("samples"):
                problems.append(f"dialog: {name}.{slot['name']} is elicited but has no slot samples")
            if d_slot.get("confirmationRequired") and not prompts.get("confirmation"):
                problems.append(f"dialog: {name}.{slot['name']} requires confirmation but has no prompt")
            refs.append(("slot", f"{name}.{slot['name']}", prompts))
        if d_intent.get("confirmationRequired") and not d_intent.get("prompts", {}).get("confirmation"):
            problems.append(f"dialog: {name} requires confirmation but has no prompt")
        for kind, owner, prompts in refs:
            problems += [f"dialog: {kind} {owner} refers to unknown prompt {pid!r}"
                         for pid in prompts.values() if pid not in prompt_ids]
    return problems


# --- the skill manifest -------------------------------------------------------------------------

REQUIRED_PERMISSIONS = ("alexa::profile:given_name:read", "alexa::profile:mobile_number:read",
                        "alexa::alerts:reminders:skill:readwrite")
CATEGORIES = set(
    "ALARMS_AND_CLOCKS ASTROLOGY BUSINESS_AND_FINANCE CALCULATORS CALENDARS_AND_REMINDERS COMMUNICATION "
    "CONNECTED_CAR COOKING_AND_RECIPE DATING EDUCATION_AND_REFERENCE EVENT_FINDERS EXERCISE_AND_WORKOUT "
    "FRIENDS_AND_FAMILY GAMES HEALTH_AND_FITNESS KNOWLEDGE_AND_TRIVIA NEWS NOVELTY ORGANIZERS_AND_ASSISTANTS "
    "RELIGION_AND_SPIRITUALITY SELF_IMPROVEMENT SOCIAL_NETWORKING TO_DO_LISTS_AND_NOTES WEATHER".split())
EVENT_NAMES = {"SKILL_ENABLED", "SKILL_DISABLED", "SKILL_PERMISSION_ACCEPTED", "SKILL_PERMISSION_CHANGED",
               "SKILL_ACCOUNT_LINKED", "SKILL_PROACTIVE_SUBSCRIPTION_CHANGED",
               "SKILL_NOTIFICATION_SUBSCRIPTION_CHANGED"}
_CONNECTING = ("to", "for", "about", "if", "whether", "that")


def _check_endpoint(where: str, endpoint) -> list[str]:
    if not isinstance(endpoint, dict) or not endpoint.get("uri"):
        return [f"{where}.uri is missing"]
    uri, cert = endpoint["uri"], endpoint.get("sslCertificateType")
    if uri.startswith("arn:aws:lambda:"):
        return [f"{where}: sslCertificateType is only for HTTPS endpoints"] if cert else []
    if not uri.startswith("https://"):
        return [f"{where}.uri must be https:// or a Lambda ARN"]
    if cert not in ("Wildcard", "SelfSigned", "Trusted"):
        return [f"{where}.sslCertificateType must be Wildcard, SelfSigned or Trusted"]
    return []


def check_manifest(manifest: dict, *, models: dict[str, dict] | None = None) -> list[str]:
    """Problems in a skill manifest (`{"manifest": {...}}`); [] when valid.

    With `models` (locale -> interaction model), also checks the locales match and that every
    example phrase, once "Alexa, ask <invocation>" is removed, resolves to one of the model's
    custom intents, as certification requires.
    """
    body = manifest.get("manifest")
    if not isinstance(body, dict):
        return ["manifest must be {'manifest': {...}}"]
    problems = [] if body.get("manifestVersion") == "1.0" else ["manifestVersion must be '1.0'"]
    publishing = body.get("publishingInformation") or {}
    locales = publishing.get("locales") or {}
    if not locales:
        problems.append("publishingInformation.locales is empty")
    if publishing.get("category") not in CATEGORIES:
        problems.append(f"publishingInformation.category {publishing.get('category')!r} is not a known category")
    if publishing.get("isAvailableWorldwide") is False and not publishing.get("distributionCountries"):
        problems.append("distributionCountries is required when the skill is not available worldwide")
    for locale, info in locales.items():
        problems += _check_locale(locale, info, (models or {}).get(locale))
    if models is not None and set(models) != set(locales):
        problems.append(f"manifest locales {sorted(locales)} differ from model locales {sorted(models)}")
    privacy = body.get("privacyAndCompliance") or {}
    for flag in ("allowsPurchases", "usesPersonalInfo", "isChildDirected", "isExportCompliant", "containsAds"):
        if not isinstance(privacy.get(flag), bool):
            problems.append(f"privacyAndCompliance.{flag} must be true or false")
    if privacy.get("usesPersonalInfo") or body.get("permissions"):
        for locale in locales:
            url = (privacy.get("locales") or {}).get(locale, {}).get("privacyPolicyUrl", "")
            if not url.startswith("https://"):
                problems.append(f"privacyAndCompliance: {locale} needs an https privacyPolicyUrl")
    granted = {p.get("name") for p in body.get("permissions") or []}
    problems += [f"permission {p} is missing" for p in REQUIRED_PERMISSIONS if p not in granted]
    events = body.get("events") or {}
    names = {s.get("eventName") for s in events.get("subscriptions") or []}
    problems += [f"events: unknown event {n!r}" for n in sorted(map(str, names - EVENT_NAMES))]
    if "SKILL_DISABLED" not in names:
        problems.append("events: no subscription to SKILL_DISABLED")
    problems += _check_endpoint("events.endpoint", events.get("endpoint"))
    custom = (body.get("apis") or {}).get("custom") or {}
    problems += _check_endpoint("apis.custom.endpoint", custom.get("endpoint"))
    apl = [i for i in custom.get("interfaces") or [] if i.get("type") == "ALEXA_PRESENTATION_APL"]
    if not apl or not apl[0].get("supportedViewports"):
        problems.append("apis.custom.interfaces needs ALEXA_PRESENTATION_APL with supportedViewports")
    return problems


def _check_locale(locale: str, info: dict, model: dict | None) -> list[str]:
    problems, where = [], f"publishingInformation.locales.{locale}"
    for field, limit in (("name", 50), ("summary", 160), ("description", 4000)):
        if not info.get(field) or len(info[field]) > limit:
            problems.append(f"{where}.{field} must be 1 to {limit} characters")
    phrases = info.get("examplePhrases") or []
    if not 1 <= len(phrases) <= 3:
        problems.append(f"{where}.examplePhrases must hold one to three phrases")
    keywords = info.get("keywords") or []
    if len(keywords) > 30 or not all(isinstance(k, str) and k for k in keywords):
        problems.append(f"{where}.keywords must be at most 30 non-empty strings")
    invocation = model["interactionModel"]["languageModel"]["invocationName"] if model else None
    for phrase in phrases:
        if not phrase.startswith("Alexa, "):
            problems.append(f"{where}: example phrase {phrase!r} must start with 'Alexa, '")
        elif model is not None and not _phrase_resolves(model, invocation, phrase):
            problems.append(f"{where}: example phrase {phrase!r} does not match a sample utterance")
    return problems


def _phrase_resolves(model: dict, invocation: str, phrase: str) -> bool:
    from .utterances import FALLBACK, resolve

    words = " ".join(normalise(phrase[len("Alexa, "):]))
    for launch in ("ask", "tell", "open", "launch", "start"):
        prefix = f"{launch} {' '.join(normalise(invocation))}"
        if words == prefix:
            return True
        if words.startswith(prefix + " "):
            rest = words[len(prefix) + 1:].split()
            options = [rest] + ([rest[1:]] if rest and rest[0] in _CONNECTING else [])
            # Certification wants a sample as written: a near match (see utterances) is not one.
            intents = [resolve(model, " ".join(o), forgiving=False).intent for o in options]
            return any(intent != FALLBACK and not intent.startswith("AMAZON.") for intent in intents)
    return False
