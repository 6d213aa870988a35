"""Cleaning evaluation over the development corpus (``../shared/corpus/dev``).

Run as a script for a report (``python tests/eval/dev_cleaning.py [-v]``) or through
pytest (``pytest tests/eval/dev_cleaning.py``; ``tests/test_clean.py`` also calls it).
It skips cleanly when the corpus folder is absent. The corpus texts are read at run time
only: nothing of them is stored in the repository, so the checks below are about shapes
(rules, counts, line numbers), never about quoted text.

Checks, for each of the 25 articles:
- the headline equals gold.json's ``title`` (compared normalised); for the one file with
  no headline line, no headline is taken, the first line stays in the body and the title
  is a prefix of that first sentence;
- no block of the body is still claimed by a noise rule (line rules, photo credits and
  captions, video blurbs, entity remnants, exact repeats, the headline repeated);
- the date, where the text gives one, agrees with gold.json;
- the removals per rule match the pinned table below (a regression gate: a change to the
  rules that removes more or less must update it explicitly).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # running as a script
    sys.path.insert(0, str(ROOT))

from generator.extract import clean  # noqa: E402
from generator.extract.clean import clean_article  # noqa: E402
from generator.extract.meta import extract_meta  # noqa: E402
from generator.model import ArticleMeta, CleanArticle  # noqa: E402
from generator.sources.read import list_sources, read_source  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"
MAX_BYTES = 5 * 1024 * 1024

# What the cleaner takes out of each dev article, per rule (reviewed by hand; see the
# issue-3 note for what each one is). Files not listed lose nothing.
EXPECTED_REMOVED: dict[str, dict[str, int]] = {
    "newswcl50_event1/03_M_usa-today.txt": {"read-more": 3},
    "newswcl50_event1/04_R_fox-news.txt": {"standfirst": 1, "duplicate": 1},
    "newswcl50_event3/01_LL_huffpost.txt": {"standfirst": 1},
    "newswcl50_event3/02_L_new-york-times.txt": {"photo-caption": 1},
    "newswcl50_event3/03_M_usa-today.txt": {"video-blurb": 1},
    "newswcl50_event3/04_R_fox-news.txt": {"standfirst": 1, "duplicate": 1},
    "newswcl50_event5/01_LL_huffpost-uk.txt": {"standfirst": 1},
    "newswcl50_event5/02_L_new-york-times.txt": {"photo-caption": 4},
    "newswcl50_event5/04_R_fox-news.txt": {"standfirst": 1},
    "newswcl50_event7/01_LL_huffpost.txt": {"standfirst": 1, "duplicate": 1},
    "newswcl50_event7/02_L_new-york-times.txt": {"photo-caption": 1},
    "newswcl50_event7/03_M_usa-today.txt": {"standfirst": 1},
    "newswcl50_event7/04_R_fox-news.txt": {"standfirst": 1},
    "newswcl50_event9/01_LL_huffpost.txt": {"standfirst": 1},
    "newswcl50_event9/02_L_new-york-times.txt": {"photo-caption": 1},
}
# The file whose first line is the lede, not a headline.
NO_HEADLINE = "newswcl50_event1/02_L_new-york-times.txt"
# Subheadings the articles really have (kept as headings), per file.
EXPECTED_HEADINGS: dict[str, int] = {"newswcl50_event5/02_L_new-york-times.txt": 3}


def normalised(text: str) -> str:
    """Casefolded letters and digits, quotes and dashes unified, for comparisons."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in text if char.isalnum())


@dataclass
class Result:
    name: str
    clean: CleanArticle
    meta: ArticleMeta
    problems: list[str] = field(default_factory=list)


def evaluate(dev: Path = DEV) -> list[Result]:
    results: list[Result] = []
    for folder in sorted(p for p in dev.iterdir() if (p / "gold.json").is_file()):
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        by_file = {item["file"]: item for item in gold["articles"]}
        for path in list_sources(folder):
            name = f"{folder.name}/{path}"
            raw = read_source(folder, PurePosixPath(path), MAX_BYTES)
            cleaned = clean_article(raw)
            meta = extract_meta(raw, cleaned)
            result = Result(name, cleaned, meta)
            _check(result, by_file[str(path)], raw.text)
            results.append(result)
    return results


def _check(result: Result, gold: dict[str, str | None], text: str) -> None:
    problems, cleaned, meta = result.problems, result.clean, result.meta
    title = gold["title"] or ""
    first_line = text.split("\n")[0]
    if result.name == NO_HEADLINE:
        if cleaned.headline is not None:
            problems.append("took a headline from a file that has none")
        if not cleaned.blocks or cleaned.blocks[0].line != 1:
            problems.append("the first line (the lede) is not the first block")
        stem = normalised(meta.title.rstrip("…"))
        if not stem or stem not in normalised(first_line) or len(meta.title) > 120:
            problems.append(f"title not taken from the first sentence: {meta.title!r}")
    elif normalised(cleaned.headline or "") != normalised(title):
        problems.append("headline differs from gold")
    if normalised(meta.title) != normalised(title) and result.name != NO_HEADLINE:
        problems.append("title differs from gold")
    gold_date = gold.get("date")
    if meta.date is not None and gold_date and meta.date.isoformat() != gold_date:
        problems.append(f"date {meta.date} disagrees with gold {gold_date}")
    seen: set[str] = set()
    for block in cleaned.blocks:
        where = f"line {block.line}"
        rule = clean.line_rule(block.text)
        if rule:
            problems.append(f"{where}: noise left in the body ({rule})")
        if clean.is_photo_credit(block.text) or clean.split_captioned_credit(block.text):
            problems.append(f"{where}: photo credit left in the body")
        if block.kind == "paragraph" and clean.is_photo_caption(block.text):
            problems.append(f"{where}: photo caption left in the body")
        if clean.has_entity_remnants(block.text):
            problems.append(f"{where}: HTML entity remnants left")
        key = normalised(block.text)
        if key in seen or (cleaned.headline and key == normalised(cleaned.headline)):
            problems.append(f"{where}: repeated paragraph left in the body")
        seen.add(key)
    removed = dict(Counter(item.rule for item in cleaned.removed))
    if removed != EXPECTED_REMOVED.get(result.name, {}):
        problems.append(f"removed {removed}, expected {EXPECTED_REMOVED.get(result.name, {})}")
    headings = sum(1 for block in cleaned.blocks if block.kind == "heading")
    if headings != EXPECTED_HEADINGS.get(result.name, 0):
        problems.append(f"{headings} subheadings, expected {EXPECTED_HEADINGS.get(result.name, 0)}")


def report(results: list[Result], verbose: bool = False) -> str:
    lines = []
    for result in results:
        status = "ok" if not result.problems else "FAIL"
        lines.append(f"{status:4} {result.name}  title={result.meta.title[:70]!r}")
        lines.extend(f"       - {problem}" for problem in result.problems)
        if verbose:
            lines.extend(
                f"       {item.line}: removed ({item.rule}): {item.text[:90]}"
                for item in result.clean.removed
            )
    failed = sum(1 for result in results if result.problems)
    lines.append(f"{len(results)} articles, {failed} with problems")
    return "\n".join(lines)


def test_dev_corpus_cleaning() -> None:
    if not DEV.is_dir():
        pytest.skip(f"{DEV} is absent")
    results = evaluate()
    assert len(results) == 25
    failing = [result for result in results if result.problems]
    assert not failing, report(failing)


if __name__ == "__main__":
    if not DEV.is_dir():
        print(f"skipped: {DEV} is absent")
        sys.exit(0)
    found = evaluate()
    print(report(found, verbose="-v" in sys.argv[1:]))
    sys.exit(1 if any(result.problems for result in found) else 0)
