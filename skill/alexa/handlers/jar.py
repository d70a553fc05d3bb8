"""The connection jar: add an idea, draw one."""
from __future__ import annotations

from ...content import library
from ...services import jar
from ..speech import line
from .base import IntentHandler, elicit, free_text, speak


class JarAddHandler(IntentHandler):
    """"Add a picnic by video to the jar"."""

    intents = ("JarAddIntent",)

    def handle_visit(self, handler_input, visit):
        idea, safe_answer = free_text(handler_input, "idea")
        if safe_answer is not None:
            return safe_answer
        if not idea:
            return elicit(handler_input, "idea", line("jar_ask"))
        couple = visit.ensure_couple()
        count = jar.add(visit.redis, couple.id, visit.pid, idea, visit.now)
        ideas = line("jar_count_one") if count == 1 else line("jar_count_many", count=count)
        return speak(handler_input, line("jar_added", visit.now.isoformat(), count=ideas), end=True)


class JarDrawHandler(IntentHandler):
    """"Draw from the jar" — a partner's idea, or a starter idea when the jar is empty."""

    intents = ("JarDrawIntent",)

    def handle_visit(self, handler_input, visit):
        drawn = jar.draw(visit.redis, visit.couple.id) if visit.couple else None
        if drawn is None:
            starters = library.jar_starters()
            idea = starters[visit.local_date.toordinal() % len(starters)]
            return speak(handler_input, line("jar_empty", idea=idea.text), ask=line("reprompt"))
        if drawn["by"] == visit.pid:
            by = line("jar_by_you")
        else:
            partner = visit.couple.partners.get(drawn["by"])
            by = line("jar_by_partner", partner=partner.display_name) if partner else ""
        return speak(handler_input, line("jar_drawn", idea=drawn["idea"], by=by), card=drawn["idea"], end=True)


HANDLERS = [JarAddHandler(), JarDrawHandler()]
