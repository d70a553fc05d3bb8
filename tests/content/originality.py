"""Fingerprints of the article's 8-word runs, so originality can be checked without its text.

A run is 8 consecutive words after lower-casing, dropping apostrophes and splitting on anything
that is not a letter or digit. The fingerprint file holds a short hash of each run, one a line.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

RUN = 8
FINGERPRINTS = Path(__file__).resolve().parent / "article_fingerprints.txt"


def words(text: str) -> list[str]:
    """Normalised words of `text`."""
    text = text.lower().replace("\u2019", "").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def runs(text: str, size: int = RUN) -> list[str]:
    """Every run of `size` consecutive normalised words, space-joined."""
    w = words(text)
    return [" ".join(w[i:i + size]) for i in range(len(w) - size + 1)]


def digest(run: str) -> str:
    """The short hash a run is stored as."""
    return hashlib.blake2b(run.encode("utf-8"), digest_size=8).hexdigest()


def fingerprints(text: str) -> set[str]:
    """The hashes of every 8-word run of `text`."""
    return {digest(r) for r in runs(text)}


def load_fingerprints() -> set[str]:
    """The stored hashes of the article's runs."""
    lines = FINGERPRINTS.read_text(encoding="ascii").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def copied_runs(text: str, article_prints: set[str]) -> list[str]:
    """The 8-word runs of `text` that also appear in the article."""
    return [r for r in runs(text) if digest(r) in article_prints]


def write_fingerprints(article: str) -> None:
    """Regenerate the fingerprint file from the article's text."""
    header = "# blake2b-64 of each normalised 8-word run of shared/seeds/000_1791a497f09a8f4e.txt\n"
    FINGERPRINTS.write_text(header + "\n".join(sorted(fingerprints(article))) + "\n", encoding="ascii")
