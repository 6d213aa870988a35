"""Who published a source, and whose wire report it carries.

A source names its publisher (the outlet) and the agency whose report it carries (the
wire) in different places; the two are kept apart: "Breitbart, from AFP". The outlet is
settled by a cascade of small named rules, most declared first (`OUTLET_RULES`):

1. the `.md` front matter's `outlet`, or the HTML page's site name;
2. the domain of the source's `url` (front matter, HTML canonical or `og:url`): a known
   outlet's domain gives its name, another domain is named as it is (`example.org`);
3. a copyright line of the text naming a news organisation that is not a wire agency;
4. the source's file name, when it names a known outlet (`05_breitbart.txt`); only
   outlets of the registry match, so nothing is invented;
5. the wire itself, when nothing else names a publisher (an agency's own dispatch).

The wire comes from the front matter's `wire`, or the text's credit (a dateline such as
`Washington (AFP) –`, an agency line, a copyright line) when that names a wire agency;
a credit naming another kind of outlet (`(CNN)`) names the outlet instead.

The registry (`Registry`) is the shipped `lexicons/outlets.yaml` (names, domains, kind,
country; where its facts come from is in its header) merged with the site owner's own
`outlets.yaml`, which adds outlets, corrects ours, and may rate each outlet's lean: we
ship no rating. Reading the owner's file is the caller's job (`read_owner_file`); the
rest is pure.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from generator.lexicons import ascii_text
from generator.model import Article, OutletInfo, SourceOutlet

SHIPPED = Path(__file__).parent / "lexicons" / "outlets.yaml"
OWNER_FILE = "outlets.yaml"
"""The site owner's file, beside mkdocs.yml (or the folder `briefings` runs in)."""

KINDS = ("wire agency", "newspaper", "broadcaster", "magazine", "digital")
LEANS = {
    "left": -2,
    "lean left": -1,
    "centre-left": -1,
    "center-left": -1,
    "centre": 0,
    "center": 0,
    "lean right": 1,
    "centre-right": 1,
    "center-right": 1,
    "right": 2,
}
"""The owner's lean ratings, on one five-step scale (the words AllSides and Ad Fontes
use for their own ratings; the ratings themselves are the owner's)."""
LEAN_NAMES = {-2: "left", -1: "lean left", 0: "centre", 1: "lean right", 2: "right"}


def key(name: str) -> str:
    """A name as matched: no accents, no case, words of letters and digits only."""
    return " ".join(re.findall(r"[a-z0-9]+", ascii_text(name).lower()))


@dataclass(frozen=True)
class Registry:
    outlets: tuple[OutletInfo, ...] = ()

    @functools.cached_property
    def _names(self) -> dict[str, OutletInfo]:
        found: dict[str, OutletInfo] = {}
        for outlet in self.outlets:
            for name in (outlet.name, *outlet.aliases):
                found.setdefault(key(name), outlet)
        return found

    @functools.cached_property
    def _domains(self) -> dict[str, OutletInfo]:
        return {domain: outlet for outlet in self.outlets for domain in outlet.domains}

    def by_name(self, name: str | None) -> OutletInfo | None:
        return self._names.get(key(name)) if name else None

    def by_domain(self, host: str) -> OutletInfo | None:
        """The outlet of `host` or of the domain it is a subdomain of."""
        parts = host.lower().strip(".").split(".")
        for start in range(len(parts) - 1):
            found = self._domains.get(".".join(parts[start:]))
            if found is not None:
                return found
        return None

    def by_file_name(self, path: str) -> OutletInfo | None:
        """The outlet whose name, alias or domain name a file's name spells out as whole
        words (`03_new-york-times.txt`, `nytimes-2024.md`), the longest match first;
        names that are ordinary words (`file_name: false`) and names under 3 letters
        never match."""
        words = key(PurePosixPath(path).stem.replace("_", " ")).split()
        best: tuple[int, str] | None = None
        for size in range(min(4, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                phrase = " ".join(words[start : start + size])
                if len(phrase) < 3:
                    continue
                outlet = self._file_names.get(phrase)
                if outlet is not None and (best is None or size > best[0]):
                    best = (size, outlet.name)
            if best is not None:
                break
        return self.by_name(best[1]) if best else None

    @functools.cached_property
    def _file_names(self) -> dict[str, OutletInfo]:
        found: dict[str, OutletInfo] = {}
        for outlet in self.outlets:
            names = [outlet.name, *outlet.aliases]
            names += [domain.rsplit(".", 1)[0].replace(".", " ") for domain in outlet.domains]
            for name in names:
                spelled = key(name)
                for form in (spelled, spelled.removeprefix("the ")):
                    # An ordinary word (`file_name: false`) matches only with its article
                    # or other words around it: `the-hill`, never `hill`.
                    if outlet.file_name or " " in form:
                        found.setdefault(form, outlet)
        return found

    @functools.cached_property
    def digest(self) -> str:
        """What the briefings depend on: a cache key part."""
        text = repr(tuple(dataclasses.astuple(outlet) for outlet in self.outlets))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class RegistryError(ValueError):
    """A problem with an outlets file: the message names the entry."""


def parse_entries(data: Any, where: str) -> list[OutletInfo]:
    """The `outlets:` list of a registry file, checked; RegistryError names the entry."""
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("outlets"), list):
        raise RegistryError(f"{where}: expected a mapping with an 'outlets' list")
    found = []
    for number, entry in enumerate(data["outlets"], 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise RegistryError(f"{where}: outlet {number} needs a 'name'")
        name = " ".join(entry["name"].split())
        unknown = sorted(set(entry) - {f.name for f in dataclasses.fields(OutletInfo)})
        if unknown:
            raise RegistryError(f"{where}: outlet {name!r} has unknown keys: {', '.join(unknown)}")
        kind = entry.get("kind")
        if kind is not None and kind not in KINDS:
            raise RegistryError(f"{where}: outlet {name!r}: kind must be one of {', '.join(KINDS)}")
        lean = entry.get("lean")
        if lean is not None and str(lean).lower() not in LEANS:
            raise RegistryError(
                f"{where}: outlet {name!r}: lean must be one of {', '.join(sorted(set(LEANS)))}"
            )

        def strings(field: str, entry: dict[str, Any] = entry, name: str = name) -> tuple[str, ...]:
            value = entry.get(field) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise RegistryError(f"{where}: outlet {name!r}: {field} must be a list of names")
            return tuple(" ".join(v.split()) for v in value)

        found.append(
            OutletInfo(
                name=name,
                aliases=strings("aliases"),
                domains=tuple(d.lower().removeprefix("www.") for d in strings("domains")),
                kind=kind,
                country=str(entry["country"]) if entry.get("country") else None,
                lean=str(lean).lower() if lean is not None else None,
                file_name=entry.get("file_name") is not False,
            )
        )
    return found


@functools.cache
def shipped() -> tuple[OutletInfo, ...]:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    return tuple(parse_entries(data, str(SHIPPED.name)))


def merge(base: Sequence[OutletInfo], own: Sequence[OutletInfo]) -> Registry:
    """The shipped outlets with the owner's: an owner entry whose name (or an alias)
    names a shipped outlet replaces the fields it gives; the others are added."""
    outlets = list(base)
    index = {key(n): i for i, o in enumerate(outlets) for n in (o.name, *o.aliases)}
    for entry in own:
        at = next((index[key(n)] for n in (entry.name, *entry.aliases) if key(n) in index), None)
        if at is None:
            outlets.append(entry)
            index.update({key(n): len(outlets) - 1 for n in (entry.name, *entry.aliases)})
            continue
        old = outlets[at]
        outlets[at] = OutletInfo(
            name=entry.name,
            aliases=tuple(
                n
                for n in dict.fromkeys((*entry.aliases, old.name, *old.aliases))
                if n != entry.name
            ),
            domains=tuple(dict.fromkeys((*entry.domains, *old.domains))),
            kind=entry.kind or old.kind,
            country=entry.country or old.country,
            lean=entry.lean,
            file_name=entry.file_name and old.file_name,
        )
    return Registry(tuple(outlets))


def read_owner_file(path: Path | None) -> tuple[Registry, str | None]:
    """The registry with the owner's file at `path` (absent: the shipped one alone), and
    one line saying what is wrong with that file, if anything (then it is ignored)."""
    base = shipped()
    if path is None or not path.is_file():
        return Registry(base), None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return merge(base, parse_entries(data, str(path))), None
    except (OSError, UnicodeDecodeError) as error:
        return Registry(base), f"{path}: cannot read the outlets file ({error})"
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        return Registry(base), f"{path}{line}: not valid YAML; outlets file ignored"
    except RegistryError as error:
        return Registry(base), f"{error}; outlets file ignored"


# --------------------------------------------------------------------------- identity


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host.lower().removeprefix("www.")


def identify(article: Article, registry: Registry) -> SourceOutlet:
    """The outlet and the wire of one source (see the module's docstring)."""
    meta = article.meta
    credit = registry.by_name(meta.credit) if meta.credit else None
    wire_name = meta.wire
    if wire_name:
        known = registry.by_name(wire_name)
        wire_name = known.name if known else wire_name
    elif credit is not None and credit.kind == "wire agency":
        wire_name = credit.name
    elif meta.credit and credit is None:
        wire_name = meta.credit  # an agency the registry does not know: as credited
    outlet: OutletInfo | None = None
    name: str | None = None
    basis: str | None = None
    if meta.outlet:
        outlet = registry.by_name(meta.outlet)
        if outlet is None and " " not in meta.outlet and host_of(meta.outlet):
            outlet = registry.by_domain(host_of(meta.outlet) or "")  # a site name `nytimes.com`
        name = outlet.name if outlet else meta.outlet
        basis = "html" if article.clean.path.suffix.lower() in (".html", ".htm") else "front matter"
    if name is None:
        host = host_of(meta.url)
        if host:
            outlet = registry.by_domain(host)
            name, basis = (outlet.name if outlet else host), "url"
    if name is None and credit is not None and credit.kind != "wire agency":
        outlet, name, basis = credit, credit.name, "text"
        wire_name = meta.wire
    if name is None:
        outlet = registry.by_file_name(str(article.source))
        if outlet is not None:
            name, basis = outlet.name, "file name"
    if name is None and wire_name:
        outlet = registry.by_name(wire_name)
        name, basis = wire_name, "wire credit"
    if outlet is not None and outlet.kind == "wire agency" and not wire_name:
        wire_name = outlet.name  # an agency's own report
    return SourceOutlet(
        source=str(article.source),
        outlet=name,
        basis=basis,
        wire=wire_name,
        kind=outlet.kind if outlet else None,
        country=outlet.country if outlet else None,
        lean=outlet.lean if outlet else None,
    )


def identify_all(articles: Iterable[Article], registry: Registry) -> tuple[SourceOutlet, ...]:
    return tuple(identify(article, registry) for article in articles)


def apply(articles: Sequence[Article], outlets: Sequence[SourceOutlet]) -> tuple[Article, ...]:
    """The articles with their settled outlet and wire in their metadata."""
    found: Mapping[str, SourceOutlet] = {o.source: o for o in outlets}
    result = []
    for article in articles:
        known = found.get(str(article.source))
        if known is not None and (
            article.meta.outlet != known.outlet or article.meta.wire != known.wire
        ):
            meta = dataclasses.replace(article.meta, outlet=known.outlet, wire=known.wire)
            article = dataclasses.replace(article, meta=meta)
        result.append(article)
    return tuple(result)


def label(outlet: str | None, wire: str | None) -> str | None:
    """`Breitbart, from AFP`; `AFP`; None when neither is known."""
    if outlet and wire and key(outlet) != key(wire):
        return f"{outlet}, from {wire}"
    return outlet or wire
