"""Story grouping on the development corpus stays above its floor, and renaming files
changes nothing: runs `python -m benchmarks.eval_grouping` in process.

The corpus lives in `../shared/corpus` beside the clone; without it the test skips.
The floor may rise; lowering it must be explicit (benchmarks/eval_grouping.py FLOOR).
"""

from __future__ import annotations

import pytest

from benchmarks import eval_grouping


@pytest.fixture(scope="module")
def evaluation() -> eval_grouping.Evaluation:
    if not (eval_grouping.CORPUS / "dev").is_dir():
        pytest.skip(f"development corpus not found at {eval_grouping.CORPUS}")
    return eval_grouping.evaluate(eval_grouping.CORPUS, rename_check=True)


def test_pairwise_f1_is_above_the_floor(evaluation: eval_grouping.Evaluation) -> None:
    scores = evaluation.scores
    assert scores.f1 >= eval_grouping.FLOOR, eval_grouping.report(evaluation, verbose=True)
    assert evaluation.problems == []


def test_the_six_events_are_six_stories(evaluation: eval_grouping.Evaluation) -> None:
    assert (evaluation.scores.events, evaluation.scores.stories) == (6, 6)


def test_renaming_and_reordering_files_gives_byte_identical_pages(
    evaluation: eval_grouping.Evaluation,
) -> None:
    assert evaluation.rename_checked
    assert evaluation.rename_problems == []


def test_scores_table() -> None:
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    perfect = eval_grouping.score(gold, gold)
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    merged = eval_grouping.score({name: "s" for name in gold}, gold)
    assert (merged.precision, merged.recall) == (2 / 6, 1.0)
    split = eval_grouping.score({name: name for name in gold}, gold)
    assert (split.precision, split.recall, split.f1) == (1.0, 0.0, 0.0)
