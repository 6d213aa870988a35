"""Shared test options and fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# The front-matter keys every briefing page carries, in the order it writes them: the
# public contract (README's table).
CONTRACT_KEYS = [
    "title",
    "date",
    "updated",
    "story",
    "summary",
    "summary_sources",
    "key_points",
    "why",
    "next",
    "sources",
    "people",
    "places",
    "organisations",
    "figures",
    "disagreements",
    "quotes",
    "timeline",
    "tags",
    "related",
    "word_count",
    "reading_time",
    "independent_reports",
    "reports",
    "framing",
    "lean_spread",
    "updates",
    "schema_version",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/cases/*/expected_* from the current output (review with git diff)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session", params=["model", "rules"])
def model(request: pytest.FixtureRequest) -> Any:
    """The spaCy pipeline, and None: extractors are tested with and without the model."""
    from generator.extract import nlp

    if request.param == "rules":
        return None
    loaded = nlp.load_nlp()
    if loaded is None:
        pytest.skip(nlp.model_problem() or "no model")
    return loaded
