"""The examples in skill.nudges docstrings are run too (pytest's testpaths do not reach skill/)."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["phones", "consent", "settings", "planner", "texts"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"skill.nudges.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
