"""CI gate: extraction quality never falls under the pinned floors (tests/eval/floors.yaml).

Runs the real pipeline over the seeds and the dev corpus (read from ../shared at run
time; skipped when absent) and compares each category's F1 with its floor.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.extract import nlp
from tests.eval.score import CATEGORIES, Score, evaluate

FLOORS = yaml.safe_load((Path(__file__).parent / "floors.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scores() -> dict[str, dict[str, Score] | None]:
    if nlp.load_nlp() is None:
        pytest.skip(nlp.model_problem() or "spaCy model missing")
    return {which: evaluate(which) for which in FLOORS}


@pytest.mark.parametrize("which", sorted(FLOORS))
@pytest.mark.parametrize("category", CATEGORIES)
def test_f1_floor(scores: dict[str, dict[str, Score] | None], which: str, category: str) -> None:
    found = scores[which]
    if found is None:
        pytest.skip(f"{which} texts not found (../shared/corpus)")
    floor = float(FLOORS[which][category])
    f1 = found[category].f1
    assert f1 >= floor, (
        f"{which} {category}: F1 {f1:.3f} fell under the floor {floor:.2f}; run "
        f"`python -m tests.eval.score -v {which}` to see what changed"
    )


def test_floors_meet_issue_targets() -> None:
    targets = {
        "people": 0.90,
        "places": 0.90,
        "organisations": 0.90,
        "figures": 0.85,
        "quotes": 0.85,
    }
    for category, target in targets.items():
        assert float(FLOORS["dev"][category]) >= target
