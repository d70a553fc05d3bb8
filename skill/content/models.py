"""Typed, immutable views of Closer's content files (see library.py for loading and checks)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Prompt:
    """One spoken prompt from prompts.toml."""

    id: str
    kind: str
    text: str
    section: str
    weeks: tuple[int, ...] = ()
    subkind: str | None = None
    # True for a prompt that speaks of the plan itself ("the last six weeks"): drawn only in its weeks.
    only_in_plan: bool = False
    # What saying "my answer is" means for this prompt: "answer" for something to say back (a
    # question, a thing to share), "try" for something to do, where the reply is how it went.
    reply: str = "answer"


@dataclass(frozen=True)
class PlanWeek:
    """One week of the six-week reconnection plan."""

    number: int
    title: str
    focus: str
    tasks: tuple[str, ...]
    kinds: tuple[str, ...]
    section: str


@dataclass(frozen=True)
class Opener:
    """A first line for a hard conversation."""

    id: str
    text: str
    section: str


@dataclass(frozen=True)
class ConversationGuide:
    """The spoken step-by-step shape of a hard conversation."""

    intro: str
    steps: tuple[str, ...]
    outro: str
    section: str


@dataclass(frozen=True)
class PresenceStep:
    """One line of the guided presence practice and the silence after it."""

    say: str
    pause_seconds: int


@dataclass(frozen=True)
class PresencePractice:
    """The whole guided practice."""

    title: str
    section: str
    steps: tuple[PresenceStep, ...]

    def total_pause_seconds(self) -> int:
        """Seconds of silence across all steps."""
        return sum(step.pause_seconds for step in self.steps)


@dataclass(frozen=True)
class JarIdea:
    """A starter idea for the connection jar."""

    id: str
    text: str
    section: str
    apart: bool  # works just as well over a call from two places


@dataclass(frozen=True)
class EmergencyNumber:
    """A locale's emergency number; `number` is empty for the generic fallback."""

    number: str
    spoken: str
    source: str
    verified_on: date | None


@dataclass(frozen=True)
class Helpline:
    """A domestic-abuse helpline, as digits, as displayed, and as spoken."""

    id: str
    name: str
    number: str
    display: str
    spoken: str
    source: str
    verified_on: date | None
    text: str | None = None
    text_spoken: str | None = None

    @property
    def verified(self) -> bool:
        """True when the number was checked against an official source."""
        return self.verified_on is not None


@dataclass(frozen=True)
class SafetyTemplate:
    """The calm, short message spoken when someone may not be safe."""

    immediate: str  # has {emergency}
    helpline: str  # has {name} and {number}
    closing: str
    section: str


@dataclass(frozen=True)
class SafetyInfo:
    """Everything the skill needs to say about safety in one locale."""

    locale: str
    emergency: EmergencyNumber
    helplines: tuple[Helpline, ...]
    note: str | None
    template: SafetyTemplate

    @property
    def emergency_sentence(self) -> str:
        """"If you are in immediate danger, please call ... now." for this locale."""
        return self.template.immediate.format(emergency=self.emergency.spoken)

    @property
    def helpline_sentence(self) -> str:
        """Where to find support: the first verified helpline (and its text line), then the note.

        Unverified helplines are never spoken: a wrong number read aloud in a crisis is worse
        than none.
        """
        parts = []
        line = next((h for h in self.helplines if h.verified), None)
        if line is not None:
            parts.append(self.template.helpline.format(name=line.name, number=line.spoken))
            if line.text_spoken:
                parts.append(line.text_spoken)
        if self.note:
            parts.append(self.note)
        return " ".join(parts)

    def spoken_message(self) -> str:
        """The whole calm message: emergency number, where to find support, a closing line."""
        return " ".join(p for p in (self.emergency_sentence, self.helpline_sentence, self.template.closing) if p)


@dataclass(frozen=True)
class NudgeText:
    """One SMS template; `text` already ends with the STOP suffix when its kind needs one."""

    id: str
    kind: str
    text: str
    section: str
