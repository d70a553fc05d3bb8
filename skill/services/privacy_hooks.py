"""Registry of data kept outside a couple's slot, so privacy.py can export and forget it too.

Feature packages register at import: `FORGET.append(fn(redis, couple, pid))` and
`EXPORT[name] = fn(redis, couple) -> JSON-able`.
"""
from __future__ import annotations

FORGET: list = []
EXPORT: dict = {}
