"""Property tests: the cleaner never raises, is idempotent, and loses no line silently."""

from __future__ import annotations

from pathlib import PurePosixPath

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.extract.clean import clean_article, clean_text, visible_line
from generator.model import RawArticle

SETTINGS = settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])

# Lines that look like the real thing (noise and body alike) mixed with arbitrary text.
REALISTIC_LINES = st.sampled_from(
    [
        "",
        "   ",
        "Mexico tells the US it will help quotbattlequot against irregular",
        'Mexico tells the US it will help "battle" against irregular migration',
        "WASHINGTON (Reuters) - The party sued the government on Friday.",
        "(Washington) The United States and Mexico pledged to work together.",
        "  \u2022 US Secretary of State Antony Blinken",
        "    PHOTO CLIFF OWEN, ASSOCIATED PRESS",
        "    US Secretary of State Antony Blinken",
        "1/2",
        "source site-59",
        "3 minutes",
        "First change: January 19, 2024 \u2013 9:21 p.m. Last change: January 19, 2024",
        "By Jane Doe and John Roe",
        "Advertisement",
        "Read more: Ten things to know",
        "Help from Guatemala",
        "What will be missing?",
        "Steel pipes at a factory in Ohio. Imports face a duty.",
        "The talks ended without a deal, officials said, and will resume next week.",
        "The talks ended without a deal, officials said, and will resume next week.",
        "# A Markdown heading",
        "Photo: Jane Doe/AP",
        "Caption of a photo. (Photo: Jane Doe, AP)",
        "\u00a9 AFP",
        "it#39s amp quot &amp; &quot;x&quot;",
    ]
)
LINES = st.lists(st.one_of(REALISTIC_LINES, st.text(max_size=80)), max_size=25)


def _raw(text: str, name: str = "x.txt") -> RawArticle:
    fmt = "md" if name.endswith(".md") else "txt"
    return RawArticle(PurePosixPath(name), text, fmt=fmt)


@SETTINGS
@given(st.text())
def test_clean_text_is_idempotent_and_total(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert "\r" not in once
    assert "\n\n\n" not in once


@SETTINGS
@given(st.text())
def test_clean_article_never_raises_on_arbitrary_text(text: str) -> None:
    result = clean_article(_raw(text))
    assert all(block.text.strip() and "\n" not in block.text for block in result.blocks)
    assert result.headline is None or result.headline.strip()


@SETTINGS
@given(LINES, st.sampled_from(["x.txt", "x.md"]))
def test_no_line_is_lost(lines: list[str], name: str) -> None:
    text = "\n".join(lines)
    result = clean_article(_raw(text, name))
    removed = {item.line for item in result.removed}
    kept = " \n ".join(block.text for block in result.blocks)
    headline = result.headline or ""
    source = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(source, start=1):
        seen = visible_line(line, "md" if name.endswith(".md") else "txt")
        if not seen or number in removed:
            continue
        core = seen.lstrip("#").strip()
        assert core in kept or core in headline or seen in kept, (number, line)
    # Every removed entry points at a real, non-blank line and names its rule.
    for item in result.removed:
        assert 1 <= item.line <= len(source)
        assert item.text.strip() and item.rule


@SETTINGS
@given(LINES)
def test_clean_article_is_deterministic_and_stable(lines: list[str]) -> None:
    text = "\n".join(lines)
    first = clean_article(_raw(text))
    assert clean_article(_raw(text)) == first
    # Re-cleaning the cleaned body never produces more blocks than the first pass.
    assert len(clean_article(_raw(first.body)).blocks) <= len(first.blocks)
