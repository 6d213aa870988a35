"""Story URLs stay put across runs, even when an earlier-dated article joins a story."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.config import Settings
from generator.output.published import IDS_FILE, read_published_ids
from generator.output.write import write_site
from generator.pipeline import build
from tests.conftest import ROOT

SEEDS = ROOT / "tests" / "cases" / "seeds" / "source_articles"
LATE = "001_17da621c824fbe21.txt"  # dated 2024-01-19 by its stamp
EARLY = "000_d9f526054b0b5b27.txt"  # undated in the text: we date it a day earlier


def generate(source: Path, out: Path) -> list[str]:
    result = build(Settings(source_dir=source, out_dir=out, cache_path=None))
    write_site(result.pages, out)
    return sorted(b.story.story_id for b in result.briefings)


def add_early_article(source: Path) -> None:
    text = (SEEDS / EARLY).read_text(encoding="utf-8")
    (source / "000.md").write_text(f"---\ndate: 2024-01-18\n---\n{text}", encoding="utf-8")


def test_an_earlier_article_joining_does_not_move_the_page(tmp_path: Path) -> None:
    source, out = tmp_path / "source_articles", tmp_path / "docs"
    source.mkdir()
    shutil.copy(SEEDS / LATE, source / LATE)
    [first] = generate(source, out)
    assert first.startswith("2024-01-19-")
    assert read_published_ids(out) == {LATE: first}
    add_early_article(source)
    assert generate(source, out) == [first], "the story kept its published id"
    assert (out / "stories" / f"{first}.md").is_file()


def test_without_a_published_tree_ids_follow_the_founder_rule(tmp_path: Path) -> None:
    source, out = tmp_path / "source_articles", tmp_path / "docs"
    source.mkdir()
    shutil.copy(SEEDS / LATE, source / LATE)
    add_early_article(source)
    [story] = generate(source, out)
    assert story.startswith("2024-01-18-"), "the earliest article founds the story"


def test_an_unreadable_ids_file_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / IDS_FILE).write_text("{not json")
    assert read_published_ids(tmp_path) == {}
    (tmp_path / "stories" / IDS_FILE).write_text('["a list"]')
    assert read_published_ids(tmp_path) == {}
