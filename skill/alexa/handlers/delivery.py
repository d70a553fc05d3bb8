"""Speaking what the other partner left: appreciations, check-ins, revealed answers, visit news."""
from __future__ import annotations

from datetime import date

from ...services import relay, visit_news
from ..context import Visit
from ..speech import join, line


def _spoken(item: dict, partner_name: str) -> str | None:
    kind = item.get("kind")
    if kind == "appreciation":
        return line("delivered_appreciation", partner=partner_name, text=item["text"])
    if kind == "checkin":
        return line("delivered_checkin", partner=partner_name, need=item["need"], appreciation=item["appreciation"])
    if kind == "answer":
        when = date.fromisoformat(item["date"]).strftime("%A")
        return line("delivered_answer", partner=partner_name, date=when, answer=item["text"])
    if kind == visit_news.ADDED:
        key = "visit_note_coming" if item.get("traveller") == visit_news.SENDER_TRAVELS else "visit_note_you_travel"
        return line("delivered_note", text=line(key, name=partner_name, span=_span(item)))
    if kind == visit_news.CANCELLED:
        return line("delivered_note", text=line("visit_note_cancelled", name=partner_name, span=_span(item)))
    if kind == "note":
        return line("delivered_note", text=item["text"])
    if kind == "unlinked":
        return line("delivered_unlinked", name=item.get("name") or line("partner_unnamed_start"))
    return None


def _span(item: dict) -> str:
    return line("visit_span", start=date.fromisoformat(item["start"]), end=date.fromisoformat(item["end"]))


def deliver_waiting(visit: Visit) -> str:
    """Take everything waiting for this partner and return it as speech ('' when nothing)."""
    if not visit.couple or not visit.pid:
        return ""
    items = relay.take(visit.redis, visit.couple.id, visit.pid)
    name = visit.partner.display_name if visit.partner else line("partner_unnamed_start")
    return join(*(_spoken(item, name) for item in items))
