"""An incremental rerun equals a cold build: the golden case `incremental_rerun`.

Its `first_run/` folder is the state of the sources at the first build; its
`source_articles/` the state at the second, after one article was added
(`crane_collapse_inquiry.txt`, which joins the crane story), one edited
(`marathon_valencia.txt`: another figure, a longer sentence) and one deleted
(`crane_collapse_local.txt`). The second state is also a golden tree of its own
(`test_golden.py`), so a rerun's output is pinned byte for byte.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from generator.config import STORIES_DIR, Settings
from generator.output.published import HISTORY_FILE, IDS_FILE
from generator.output.write import write_site
from generator.pipeline import BuildResult, build
from tests.test_golden import CASES, tree

CASE = CASES / "incremental_rerun"
ADDED, EDITED, DELETED = (
    "crane_collapse_inquiry.txt",
    "marathon_valencia.txt",
    "crane_collapse_local.txt",
)


def run(source: Path, out: Path, cache: Path | None) -> BuildResult:
    result = build(Settings(source_dir=source, out_dir=out, cache_path=cache))
    write_site(result.pages, out)
    return result


def change_sources(source: Path) -> None:
    """first_run/ -> source_articles/: add one article, edit one, delete one."""
    final = CASE / "source_articles"
    (source / DELETED).unlink()
    shutil.copyfile(final / ADDED, source / ADDED)
    shutil.copyfile(final / EDITED, source / EDITED)
    assert sorted(p.name for p in source.iterdir()) == sorted(p.name for p in final.iterdir())


def test_the_case_changes_one_article_each_way() -> None:
    before = {p.name: p.read_bytes() for p in (CASE / "first_run").iterdir()}
    after = {p.name: p.read_bytes() for p in (CASE / "source_articles").iterdir()}
    assert set(after) - set(before) == {ADDED}
    assert set(before) - set(after) == {DELETED}
    assert [
        name for name in sorted(before.keys() & after.keys()) if before[name] != after[name]
    ] == [EDITED]


def test_rerun_with_a_cache_equals_a_cold_build(tmp_path: Path) -> None:
    """The cache alone: each run writes into a fresh folder (nothing published before)."""
    source, cache = tmp_path / "source_articles", tmp_path / "cache.sqlite"
    shutil.copytree(CASE / "first_run", source)
    first = run(source, tmp_path / "first", cache)
    assert first.report.cached == 0
    assert sorted(len(b.story.articles) for b in first.briefings) == [1, 3]
    change_sources(source)
    warm = run(source, tmp_path / "warm", cache)
    assert warm.report.cached == 2  # the two crane articles left untouched
    cold = run(CASE / "source_articles", tmp_path / "cold", None)
    assert cold.report.cached == 0
    warm_tree = tree(tmp_path / "warm" / STORIES_DIR)
    assert warm_tree == tree(tmp_path / "cold" / STORIES_DIR)
    assert warm_tree == tree(CASE / "expected_docs" / STORIES_DIR)


def test_rerun_over_a_published_tree_equals_a_cold_build_of_it(tmp_path: Path) -> None:
    """The usual rerun: the cache and the tree the first run wrote (its story ids and
    "What's new" history) are both kept. A build without the cache over a copy of that
    first tree gives the same bytes, and the added article is a dated update."""
    source, cache, out = tmp_path / "source_articles", tmp_path / "cache.sqlite", tmp_path / "docs"
    shutil.copytree(CASE / "first_run", source)
    run(source, out, cache)
    published = tmp_path / "published"
    shutil.copytree(out, published)
    change_sources(source)
    warm = run(source, out, cache)
    assert warm.report.cached == 2
    cold = run(source, published, None)
    assert tree(out / STORIES_DIR) == tree(published / STORIES_DIR)
    assert (out / STORIES_DIR / IDS_FILE).is_file() and (out / STORIES_DIR / HISTORY_FILE).is_file()
    crane = next(b for b in cold.briefings if ADDED in [str(a.source) for a in b.story.articles])
    assert [(update.date, update.sources) for update in crane.history] == [
        (datetime.date(2025, 6, 11), (ADDED,))
    ]
