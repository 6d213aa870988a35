"""The typed values that flow through the pipeline.

read -> RawArticle -> clean -> CleanArticle -> extract -> Article
     -> group -> Story -> compare -> Briefing -> render -> Page

No I/O and no heuristics live here: only frozen, slotted dataclasses with tuples,
so values are hashable, comparable and safe to share between processes.
Field order is output order.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Literal

DateBasis = Literal["explicit", "inferred", "unknown"]
EntityKind = Literal["person", "place", "organisation"]
BlockKind = Literal["paragraph", "heading"]
SourceFormat = Literal["txt", "md", "html"]
Precision = Literal["day", "month"]


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """Metadata a source declares about itself (YAML front matter or HTML meta tags).

    Declared values always win over what the text suggests.
    """

    title: str | None = None
    date: datetime.date | None = None
    updated: datetime.date | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    story: str | None = None
    wire: str | None = None  # the agency whose report the source carries


@dataclass(frozen=True, slots=True)
class RawArticle:
    """A decoded source file. `text` is Unicode with `\\n` line ends, front matter removed."""

    path: PurePosixPath  # relative to the source folder; used in every message
    text: str
    meta: SourceMeta = SourceMeta()
    fmt: SourceFormat = "txt"
    encoding: str = "utf-8"
    digest: str = ""  # sha256 of the file's bytes


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or a subheading of the cleaned body. `line` is 1-based in RawArticle.text."""

    kind: BlockKind
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Removed:
    """A line the cleaner took out of the body, with the rule that claimed it."""

    line: int
    text: str
    rule: str


@dataclass(frozen=True, slots=True)
class ImageCredit:
    """A photo credit line (`PHOTO NAME, AGENCY`) and the caption that goes with it."""

    credit: str
    caption: str | None
    line: int


@dataclass(frozen=True, slots=True)
class CleanArticle:
    path: PurePosixPath
    headline: str | None  # the clean headline line, when the text has one
    blocks: tuple[Block, ...]
    removed: tuple[Removed, ...] = ()
    images: tuple[ImageCredit, ...] = ()
    stamps: tuple[str, ...] = ()  # "First change: … Last change: …" lines, kept for dating

    @property
    def body(self) -> str:
        """The text NLP runs on: blocks joined by blank lines (see `block_offsets`)."""
        return "\n\n".join(block.text for block in self.blocks)

    def block_offsets(self) -> tuple[int, ...]:
        """Character offset of each block inside `body`."""
        offsets, at = [], 0
        for block in self.blocks:
            offsets.append(at)
            at += len(block.text) + 2
        return tuple(offsets)


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What meta.py settles about an article: the cascade's answers, with their basis."""

    title: str
    outlet: str | None
    dateline: str | None
    date: datetime.date | None
    date_basis: DateBasis
    updated: datetime.date | None
    language: str
    word_count: int
    author: str | None = None
    url: str | None = None
    wire: str | None = None  # declared in the front matter; settled by `outlets.identify`
    credit: str | None = None  # the agency or outlet the text credits (dateline, © line)


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    block: int  # index into CleanArticle.blocks
    start: int  # character offset inside the block


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity as an article names it, already resolved within that article."""

    name: str  # canonical within the article: the fullest form
    kind: EntityKind
    role: str | None = None
    aliases: tuple[str, ...] = ()  # other forms seen: "Blinken", "Mr. Blinken"
    count: int = 1


@dataclass(frozen=True, slots=True)
class Figure:
    value: float  # 520000.0
    text: str  # as written: "more than 520,000 migrants"
    unit: str | None
    qualifier: str | None  # "more than", "some"
    period: str | None  # "in 2023", "last November"
    reported_by: str | None
    sentence: str
    line: int


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    speaker: str | None  # canonical person or described source; None = unattributed, never ""
    speaker_kind: Literal["person", "described"] | None
    sentence: str
    line: int


@dataclass(frozen=True, slots=True)
class DatedEvent:
    date: datetime.date
    text: str  # the sentence that carries the date
    expression: str  # as written: "December 27", "last Friday"


@dataclass(frozen=True, slots=True)
class Article:
    """One source after extraction."""

    source: PurePosixPath
    meta: ArticleMeta
    clean: CleanArticle
    source_meta: SourceMeta = SourceMeta()
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    summary: tuple[str, ...] = ()  # extractive: sentences of this article
    key_points: tuple[str, ...] = ()
    digest: str = ""
    notes: tuple[str, ...] = ()  # budgets the source went over (warnings, every run)


@dataclass(frozen=True, slots=True)
class Story:
    story_id: str  # "<date>-<slug>": stable, also the page slug
    articles: tuple[Article, ...]  # sorted by (date, source)
    reasons: tuple[str, ...] = ()  # why these articles were grouped (check --verbose)


@dataclass(frozen=True, slots=True)
class StoryEntity:
    name: str
    kind: EntityKind
    role: str | None
    aliases: tuple[str, ...]
    sources: tuple[str, ...]  # source files that mention it
    count: int


@dataclass(frozen=True, slots=True)
class StoryQuote:
    speaker: str | None
    speaker_kind: Literal["person", "described"] | None
    text: str  # the fullest wording
    sources: tuple[str, ...]
    variants: tuple[tuple[str, str], ...] = ()  # (source file, wording) when wordings differ


@dataclass(frozen=True, slots=True)
class StoryFigure:
    value: float
    text: str
    unit: str | None
    qualifier: str | None
    period: str | None
    reported_by: str | None
    sentence: str
    sources: tuple[str, ...]
    what: str | None = None  # what it counts, in the sentence's words: "border interceptions"


DisagreementKind = Literal["figure", "date", "quote"]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Independent reports that give one quantity, one event's date or one utterance
    differently: each reading with its source."""

    quantity: str
    readings: tuple[tuple[str, str], ...]  # (source file, what it says)
    kind: DisagreementKind = "figure"


@dataclass(frozen=True, slots=True)
class OutletInfo:
    """An outlet of the registry (`outlets.yaml`): shipped facts, or the owner's."""

    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    kind: str | None = None  # wire agency | newspaper | broadcaster | magazine | digital
    country: str | None = None
    lean: str | None = None  # the site owner's rating only; never shipped
    file_name: bool = True  # False: an ordinary word, never matched in a file name


@dataclass(frozen=True, slots=True)
class SourceOutlet:
    """Who published one source and whose wire report it carries."""

    source: str
    outlet: str | None
    basis: str | None  # front matter | html | url | text | file name | wire credit
    wire: str | None
    kind: str | None = None
    country: str | None = None
    lean: str | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """One independent report and the sources that carry it (copies, translations,
    rewrites of one wire dispatch), with the evidence that they are one report."""

    sources: tuple[str, ...]  # in story order; the first is the fullest version shown
    wire: str | None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Framing:
    """How one independent report tells the story."""

    source: str  # the report's first source
    leads_with: str  # its opening sentence
    terms: tuple[str, ...]  # words it uses that the other reports do not
    includes: tuple[str, ...]  # names and figures only it carries


@dataclass(frozen=True, slots=True)
class Update:
    """Sources that joined the story in a later run: their date and what they added."""

    date: datetime.date | None
    sources: tuple[str, ...]
    added: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Coverage:
    source: str
    outlet: str | None
    date: datetime.date | None
    headline: str
    adds: tuple[str, ...]  # facts only this source reports


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: datetime.date
    text: str
    sources: tuple[str, ...]
    precision: Precision = "day"  # "month": `in September 2023`, dated the 1st


@dataclass(frozen=True, slots=True)
class Briefing:
    """A story with its cross-source comparison: everything a page shows."""

    story: Story
    title: str
    date: datetime.date
    updated: datetime.date | None
    summary: tuple[str, ...]
    key_points: tuple[str, ...]
    people: tuple[StoryEntity, ...]
    places: tuple[StoryEntity, ...]
    organisations: tuple[StoryEntity, ...]
    figures: tuple[StoryFigure, ...]
    disagreements: tuple[Disagreement, ...]
    quotes: tuple[StoryQuote, ...]
    timeline: tuple[TimelineEntry, ...]
    coverage: tuple[Coverage, ...]
    tags: tuple[str, ...]
    related: tuple[str, ...] = ()  # story ids
    outlets: tuple[SourceOutlet, ...] = ()  # one per article, in story order
    reports: tuple[Report, ...] = ()  # independent reports, in story order
    framing: tuple[Framing, ...] = ()  # one per report, when there are two or more
    history: tuple[Update, ...] = ()  # "What's new": filled by the pipeline, per run
    source_text: str = "excerpt"  # the site's `source_text` setting: full | excerpt | none
    context: tuple[str, ...] = ()  # "Why it matters": background sentences, verbatim
    next: tuple[str, ...] = ()  # "What's next": forward-looking sentences, verbatim


@dataclass(frozen=True, slots=True)
class Page:
    """An output file: a path relative to the docs folder, front matter, Markdown body.

    `front_matter` is the one dict in the program: it is the YAML contract.
    """

    path: PurePosixPath
    front_matter: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)
    body: str = ""
    data: bytes | None = field(default=None, hash=False, compare=False, repr=False)
    """The file's bytes, when already known (a page the cache kept): `write.page_bytes`."""


def _pickled_by_constructor(cls: type[Any]) -> None:
    """Pickle `cls` as `cls(*fields)`. The default for frozen slotted dataclasses calls a
    Python-level `__setstate__` per object; an Article holds a hundred or so, and
    unpickling 10,000 cached Articles took ~2.3 s of every re-run. Calling the class
    halves that, and worker processes send their Articles back faster too."""
    names = tuple(f.name for f in dataclasses.fields(cls))

    def reduce(self: Any) -> tuple[type[Any], tuple[Any, ...]]:
        return cls, tuple([getattr(self, name) for name in names])

    setattr(cls, "__reduce__", reduce)  # noqa: B010 - a method defined after the class


for _value in list(globals().values()):
    if isinstance(_value, type) and dataclasses.is_dataclass(_value):
        _pickled_by_constructor(_value)
del _value
