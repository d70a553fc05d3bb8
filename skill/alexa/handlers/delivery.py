"""Speaking what the other partner left: appreciations, check-ins, revealed answers, visit news."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...services import relay, visit_news
from ..context import Visit
from ..speech import join, line


def _spoken(item: dict, partner_name: str, my_pid: str) -> str | None:
    kind = item.get("kind")
    if kind == "appreciation":
        return line("delivered_appreciation", partner=partner_name, text=item["text"])
    if kind == "checkin":
        return line("delivered_checkin", partner=partner_name, need=item["need"], appreciation=item["appreciation"])
    if kind == "answer":
        when = date.fromisoformat(item["date"]).strftime("%A")
        return line("delivered_answer", partner=partner_name, date=when, answer=item["text"])
    if kind in (visit_news.ADDED, visit_news.CANCELLED):
        return line("delivered_note", text=_visit_news(item, partner_name, my_pid))
    if kind == "note":
        return line("delivered_note", text=item["text"])
    if kind == "unlinked":
        return line("delivered_unlinked", name=item.get("name") or line("partner_unnamed_start"))
    return None


def _visit_news(item: dict, partner_name: str, my_pid: str) -> str:
    """News of a visit, told from the listener's side. Couples are two, so a traveller who is
    not the listener is the partner; news without a `by` came from the `closer` command."""
    span = line("visit_span", start=date.fromisoformat(item["start"]), end=date.fromisoformat(item["end"]))
    by_partner = item.get("by") != visit_news.FROM_CLOSER
    if item["kind"] == visit_news.CANCELLED:
        return line("visit_note_cancelled" if by_partner else "visit_note_removed", name=partner_name, span=span)
    if item.get("traveller") == my_pid:
        key = "visit_note_you_travel" if by_partner else "visit_note_added_you_travel"
    else:
        key = "visit_note_coming" if by_partner else "visit_note_added_coming"
    return line(key, name=partner_name, span=span)


@dataclass(frozen=True)
class Delivered:
    """What was waiting for this partner, as speech ('' when nothing), and the kinds it held."""

    speech: str = ""
    kinds: frozenset[str] = frozenset()


def deliver_waiting(visit: Visit) -> Delivered:
    """Take everything waiting for this partner and return it spoken."""
    if not visit.couple or not visit.pid:
        return Delivered()
    items = relay.take(visit.redis, visit.couple.id, visit.pid)
    name = visit.partner.display_name if visit.partner else line("partner_unnamed_start")
    return Delivered(join(*(_spoken(item, name, visit.pid) for item in items)),
                     frozenset(item.get("kind") for item in items))
