"""The page budgets of issue 17, measured on generated briefing pages.

    .venv/bin/python -m benchmarks.page_budget DOCS_DIR [DOCS_DIR …]

For every briefing page under DOCS_DIR/stories/ (a page whose front matter has `story`):

- *top*: the visible words above the first section that is not the briefing's text
  (title, byline, bottom line, what's new, key points, why it matters, what's next);
  the budget is 400 words for a story of up to 5 sources;
- *page*: the visible words of the whole page body, as a share of its sources' words
  (`word_count`); the budget is 25 % for a story of 3 sources or more.

"Visible" words are what a reader sees: Markdown and HTML markup, attribute lists and
link targets are left out. Prints the distribution and the pages over budget; exits 1
when a page is over a budget.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

TOP_BUDGET = 400
TOP_SOURCES = 5
SHARE_BUDGET = 0.25
SHARE_SOURCES = 3
TEXT_SECTIONS = ("## Key points", "## What's new", "## Why it matters", "## What's next")

_TAG = re.compile(r"<[^>]+>")
_ATTRS = re.compile(r"\{[^{}]*\}")
_LINK = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"[^\W_]")


def visible_words(markdown: str) -> int:
    text = _LINK.sub("]", _ATTRS.sub(" ", _TAG.sub(" ", markdown)))
    return sum(1 for token in text.split() if _WORD.search(token))


def split_page(path: Path) -> tuple[dict[str, object], str]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}, text
    head, _, body = text[4:].partition("\n---\n")
    meta = yaml.safe_load(head) or {}
    return (meta if isinstance(meta, dict) else {}), body


def top_of(body: str) -> str:
    """The body down to the first heading that is not one of the briefing's text."""
    lines = []
    for line in body.splitlines():
        if line.startswith("## ") and not line.startswith(TEXT_SECTIONS):
            break
        lines.append(line)
    return "\n".join(lines)


def measure(docs: Path) -> list[tuple[str, int, int, int, int]]:
    """(page, sources, source words, top words, page words) per briefing page."""
    rows = []
    for path in sorted((docs / "stories").glob("*.md")):
        meta, body = split_page(path)
        if "story" not in meta:
            continue
        sources = meta.get("sources") or []
        words = int(str(meta.get("word_count") or 0))
        rows.append(
            (path.name, len(sources), words, visible_words(top_of(body)), visible_words(body))
        )
    return rows


def quantiles(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    return (
        f"min {ordered[0]:.0f} · median {at(0.5):.0f} · p90 {at(0.9):.0f} · max {ordered[-1]:.0f}"
    )


def main(argv: list[str] | None = None) -> int:
    folders = [Path(arg) for arg in (sys.argv[1:] if argv is None else argv)]
    over = 0
    for docs in folders:
        rows = measure(docs)
        tops = [top for _n, sources, _w, top, _p in rows if sources <= TOP_SOURCES]
        shares = [
            100.0 * page / words
            for _n, sources, words, _t, page in rows
            if sources >= SHARE_SOURCES and words
        ]
        print(f"{docs}: {len(rows)} briefing pages")
        print(f"  top words (≤{TOP_SOURCES} sources, {len(tops)} pages): {quantiles(tops)}")
        print(
            f"  page / sources words, % (≥{SHARE_SOURCES} sources, {len(shares)} pages): "
            f"{quantiles(shares)}"
        )
        for name, sources, words, top, page in rows:
            problems = []
            if sources <= TOP_SOURCES and top > TOP_BUDGET:
                problems.append(f"top {top} words > {TOP_BUDGET}")
            if sources >= SHARE_SOURCES and words and page > SHARE_BUDGET * words:
                problems.append(f"page {page} words = {100 * page / words:.0f} % of {words}")
            if problems:
                over += 1
                print(f"    over: {name} ({sources} sources): {'; '.join(problems)}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
