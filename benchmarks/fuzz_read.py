"""Fuzz the reading-and-cleaning entry point: bytes in, RawArticle/CleanArticle/ArticleMeta
out, or one SourceError; never any other exception.

    python -m benchmarks.fuzz_read --cases 100000

Inputs mix raw bytes, text built from news-like lines and noise (credits, stamps,
entities, front matter, HTML), in every supported format and several encodings. Hypothesis
drives the generation and shrinks any failure to a minimal input.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import PurePosixPath

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import SourceError
from generator.extract.clean import clean_article, clean_text
from generator.extract.meta import extract_meta
from generator.sources.read import decode_source

LINES = [
    "Mexico tells the US it will help quotbattlequot against irregular",
    "Washington (AFP) – The minister said on Friday that “we will help”.",
    "PHOTO CLIFF OWEN, ASSOCIATED PRESS",
    "• US Secretary of State Antony Blinken",
    "1/2",
    "3 minutes",
    "source site-59",
    "First change: January 19, 2024 – 9:21 p.m. Last change: January 19, 2024 – 9:19 p.m",
    "Première modification : 19 janvier 2024 à 21 h 21",
    "By JANE DOE and JOHN ROE",
    "Read more: the full story",
    "Advertisement",
    "Help from Guatemala",
    "WASHINGTON — President Trump spoke on Thursday.",
    "“It’s not just a problem for us,” he said.",
    'He said "quoted',
    "More than 520,000 migrants crossed in 2023, according to the government.",
    "<script>alert(1)</script>",
    "---",
    "title: [broken",
    "amp;quot;#39;rsquo",
    "\u200b\u00a0\ufeff",
    "",
]
FORMATS = ["a.txt", "b.md", "c.html", "d.htm", "e.markdown"]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]


def text_input() -> st.SearchStrategy[bytes]:
    lines = st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=80)), max_size=30)
    newline = st.sampled_from(["\n", "\r\n", "\r"])
    front = st.sampled_from(
        ["", "---\ntitle: T\ndate: 2024-01-19\n---\n", "---\nstory: ../x\n---\n"]
    )
    html = st.sampled_from(["", "<html><body><article><h1>H</h1><p>", "<p>"])

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        text = draw(front) + draw(html) + draw(newline).join(draw(lines))
        encoding = draw(st.sampled_from(ENCODINGS))
        return text.encode(encoding, errors="replace")

    return build()


def check(name: str, data: bytes) -> str:
    """The outcome class of one input; raises on anything but a SourceError."""
    path = PurePosixPath(name)
    try:
        raw = decode_source(path, data, 1_000_000)
        clean = clean_article(raw)
        extract_meta(raw, clean)
        assert clean_text(clean_text(raw.text)) == clean_text(raw.text)
    except SourceError as error:
        assert str(error).startswith(str(path)), str(error)
        return "rejected"
    return "read"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args(argv)
    outcomes = {"read": 0, "rejected": 0}

    @settings(
        max_examples=args.cases,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.sampled_from(FORMATS), st.one_of(st.binary(max_size=2000), text_input()))
    def fuzz(name: str, data: bytes) -> None:
        outcomes[check(name, data)] += 1

    started = time.perf_counter()
    fuzz._hypothesis_internal_use_seed = args.seed  # type: ignore[attr-defined]
    try:
        fuzz()
    except Exception as error:  # noqa: BLE001 - print the minimal failing case and fail
        print(f"FAILED after {sum(outcomes.values())} cases: {type(error).__name__}: {error}")
        return 1
    total = sum(outcomes.values())
    seconds = time.perf_counter() - started
    print(
        f"{total} cases in {seconds:.0f} s: {outcomes['read']} read, "
        f"{outcomes['rejected']} rejected with one clear line, 0 crashes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
