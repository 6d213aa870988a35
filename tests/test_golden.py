"""Golden output trees: each case's sources are built and diffed with its expected tree.

To accept an intended change: `./dev test tests/test_golden.py --update-goldens`, then
review `git diff tests/cases`.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
import yaml

from generator.config import STORIES_DIR, Settings
from generator.output.write import write_site
from generator.pipeline import build
from tests.conftest import CONTRACT_KEYS

CASES = Path(__file__).parent / "cases"
SOURCE_KEYS = ["file", "headline", "outlet", "dateline", "date", "date_basis"]


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "source_articles").is_dir())


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def generate(case: Path, out: Path) -> Path:
    settings = Settings(source_dir=case / "source_articles", out_dir=out, cache_path=None)
    result = build(settings)
    write_site(result.pages, out)
    return out / STORIES_DIR


@pytest.mark.parametrize("name", case_names())
def test_golden_tree(name: str, tmp_path: Path, update_goldens: bool) -> None:
    case = CASES / name
    produced = generate(case, tmp_path / "docs")
    expected_dir = case / "expected_docs" / STORIES_DIR
    if update_goldens:
        shutil.rmtree(case / "expected_docs", ignore_errors=True)
        shutil.copytree(produced, expected_dir)
    got, want = tree(produced), tree(expected_dir)
    assert sorted(got) == sorted(want), "generated files differ from the golden tree"
    for path in sorted(want):
        if got[path] != want[path]:
            diff = difflib.unified_diff(
                want[path].decode().splitlines(),
                got[path].decode().splitlines(),
                f"expected/{path}",
                f"generated/{path}",
                lineterm="",
                n=2,
            )
            pytest.fail("\n".join(list(diff)[:80]))


@pytest.mark.parametrize("name", case_names())
def test_briefing_front_matter_follows_the_contract(name: str, tmp_path: Path) -> None:
    produced = generate(CASES / name, tmp_path / "docs")
    briefings = [p for p in produced.glob("*.md") if p.name != "index.md" and p.name != "tags.md"]
    assert briefings, "no briefing page generated"
    for page in briefings:
        text = page.read_text(encoding="utf-8")
        assert text.startswith("---\n")
        meta = yaml.safe_load(text.split("---\n", 2)[1])
        missing = [key for key in CONTRACT_KEYS if key not in meta]
        assert not missing, f"{page.name} lacks {missing}"
        unlisted = [key for key in meta if key not in CONTRACT_KEYS]
        assert not unlisted, f"{page.name} has keys the contract does not list: {unlisted}"
        assert list(meta) == CONTRACT_KEYS, f"{page.name}: keys out of the contract's order"
        assert meta["story"] == page.stem
        for source in meta["sources"]:
            assert all(key in source for key in SOURCE_KEYS), source
            assert source["date_basis"] in ("explicit", "inferred", "unknown")
