"""The benchmark corpus maker is deterministic and writes realistic, well-formed articles.

No timings here: benchmarks are measured by `python -m benchmarks.run`, never by tests.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from benchmarks import corpus

# `(Lima)`, `LIMA (AFP) —`, `LIMA, Jan 5 (Reuters) -`, `LIMA, Peru (AP) —`, `Lima (dpa) –`
DATELINE = r"^(\(.+?\) |.+? \(\w[\w .-]*\) [—–-] )"


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    assert corpus.main(["--n", "20", "--out", str(tmp_path / "a")]) == 0
    assert corpus.main(["--n", "20", "--out", str(tmp_path / "b")]) == 0
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
    assert len(list((tmp_path / "a").iterdir())) == 20


def test_other_seed_other_corpus() -> None:
    first = corpus.generate(20, seed=1)
    second = corpus.generate(20, seed=2)
    assert [f.text for f in first] != [f.text for f in second]


def test_articles_are_shaped_like_news() -> None:
    files = corpus.generate(20)
    assert len(files) == 20
    names = [f.name for f in files]
    assert len(set(names)) == 20
    assert all(re.fullmatch(r"\d{5}_[0-9a-f]{16}\.txt", name) for name in names)
    for source in files:
        lines = source.text.split("\n")
        headline_at = 2 if " quot" in lines[0] else 0
        assert lines[headline_at].strip() and lines[headline_at + 1] == ""
        dateline = lines[headline_at + 2]
        assert re.match(DATELINE, dateline), dateline
        words = len(source.text.split())
        assert 200 < words < 1500, words
        assert "“" in source.text  # every article quotes someone
        assert source.text.endswith("\n") and not source.text.endswith("\n\n")


def test_events_have_several_outlets_within_two_days() -> None:
    files = corpus.generate(60)
    by_event: dict[int, list[corpus.SourceFile]] = {}
    for source in files:
        by_event.setdefault(source.event, []).append(source)
    complete = list(by_event.values())[:-1]  # the last event may be cut short at n
    assert all(3 <= len(members) <= 6 for members in complete)
    assert len(by_event) >= 10


def test_noise_appears_somewhere() -> None:
    text = "\n".join(f.text for f in corpus.generate(200))
    assert re.search(r"^    PHOTO [A-ZÀ-Þ .'-]+, [A-Z ]+$", text, re.M)
    assert re.search(r"^1/2$", text, re.M)
    assert re.search(r"^\d minutes$", text, re.M)
    assert re.search(r"^First change: .+ Last change: ", text, re.M)
    assert re.search(r"\d[\d,.]* (people|residents|workers|passengers|hectares|cases)", text)


def test_synthetic_grouping_score_counts_pairs() -> None:
    from benchmarks.eval_synthetic import score

    event = {"a": 1, "b": 1, "c": 1, "d": 2}
    assert score([["a", "b", "c"], ["d"]], event) == (1.0, 1.0, 1.0)
    precision, recall, _f1 = score([["a", "b", "c", "d"]], event)  # 3 of 6 pairs right
    assert (precision, recall) == (0.5, 1.0)
    assert score([["a"], ["b"], ["c"], ["d"]], event)[1] == 0.0
