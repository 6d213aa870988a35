"""Build CleanArticles from plain text for tests and the evaluation.

A tiny stand-in for the reader and cleaner: paragraphs are split on blank lines and
keep their 1-based line numbers. Tests use it with their own hand-written snippets.
"""

from __future__ import annotations

import datetime
from pathlib import PurePosixPath

from generator.model import ArticleMeta, Block, CleanArticle


def clean_from_text(text: str, name: str = "test.txt", headline: str | None = None) -> CleanArticle:
    """Paragraphs of `text` (blank-line separated) as blocks; short unpunctuated lines
    become headings."""
    blocks = []
    current: list[str] = []
    first_line = 0
    lines = text.replace("\r\n", "\n").split("\n")
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            if not current:
                first_line = number
            current.append(line.strip())
            continue
        if current:
            paragraph = " ".join(current)
            heading = len(paragraph.split()) <= 5 and not paragraph.endswith(
                (".", "”", '"', "?", "!")
            )
            blocks.append(Block("heading" if heading else "paragraph", paragraph, first_line))
            current = []
    return CleanArticle(PurePosixPath(name), headline, tuple(blocks))


def meta_for(clean: CleanArticle, language: str = "en") -> ArticleMeta:
    return ArticleMeta(
        title=clean.headline or "",
        outlet=None,
        dateline=None,
        date=datetime.date(2024, 1, 19),
        date_basis="explicit",
        updated=None,
        language=language,
        word_count=len(clean.body.split()),
    )
