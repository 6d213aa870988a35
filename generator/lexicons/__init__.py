"""Word lists kept as data files, with one loader and one folding.

A list is `<name>.txt`: `#` lines first, which say where its words come from (a line
`# Source: ...`: a package and its version, a standard list, a linguistic class); every
other non-blank line is one entry. A mapping is `<name>.yaml`: the same `#` header, then
one YAML mapping. No list is built from the words of a development corpus (issue 16);
`tests/test_lexicons.py` checks the headers, and that no long list of words creeps back
into the code.

- `load(name)`: the folded entries (`fold`) of a list, a frozenset (for lookups);
- `entries(name)`: its entries as written, in file order, a tuple (for patterns, for
  case-sensitive lookups, for lists whose order counts);
- `mapping(name)`: a read-only mapping from a `.yaml` file;
- `digest(*names)`: a digest of the files' bytes, for cache keys. Each stage module that
  loads lists names them in a module constant `LEXICONS`.

Everything is read once per process and returned immutable: no module state to reset.
"""

from __future__ import annotations

import functools
import hashlib
import types
from collections.abc import Mapping
from pathlib import Path

import yaml
from unidecode import unidecode

HERE = Path(__file__).resolve().parent
SUFFIXES = (".txt", ".yaml")


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


def words(text: str) -> frozenset[str]:
    """A short set of words written inline, whitespace-separated (`words("of in to")`).
    The one helper for sets in code; a list of more than a dozen words goes in a file."""
    return frozenset(text.split())


def path(name: str) -> Path:
    """The file of list or mapping `name` (`countries` -> `countries.txt`)."""
    for suffix in SUFFIXES:
        found = HERE / f"{name}{suffix}"
        if found.is_file():
            return found
    raise KeyError(f"no lexicon {name!r} in {HERE}")


@functools.cache
def entries(name: str) -> tuple[str, ...]:
    """The entries of `<name>.txt` as written, in file order (comments and blank lines
    skipped)."""
    text = (HERE / f"{name}.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@functools.cache
def load(name: str) -> frozenset[str]:
    """The folded entries of `<name>.txt`."""
    return frozenset(fold(entry) for entry in entries(name))


@functools.cache
def mapping(name: str) -> Mapping[str, str]:
    """The mapping of `<name>.yaml` (keys and values as written), read-only."""
    data = yaml.safe_load((HERE / f"{name}.yaml").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{name}.yaml: not a mapping")
    return types.MappingProxyType({str(key): str(value) for key, value in data.items()})


def digest(*names: str) -> str:
    """sha256 over the named files' bytes (each preceded by its file name), in the order
    given: a cache key changes exactly when one of the lists a stage loads changes."""
    sha = hashlib.sha256()
    for name in names:
        found = path(name)
        sha.update(found.name.encode("utf-8") + b"\0")
        sha.update(found.read_bytes() + b"\0")
    return sha.hexdigest()


def names() -> list[str]:
    """The lists and mappings there are (file stems)."""
    return sorted(p.stem for p in HERE.iterdir() if p.suffix in SUFFIXES)
