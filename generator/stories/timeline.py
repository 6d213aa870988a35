"""Dated events in a story: the dates its texts name, resolved against each article's date.

Rules, in the order they claim a stretch of text (a stretch claimed once is not read
again):

- `ISO_DATE`: `2024-01-19`.
- `MONTH_DAY`: `December 27`, `Dec. 27, 2023`, `January 19th`.
- `DAY_MONTH`: `19 January 2024`, `the 13th of July`.
- `MONTH_YEAR`: `in September 2023`, `since March 2022` (month precision: the entry
  is dated the 1st and marked `precision="month"`). A preposition is required, so that
  `Theresa May 2018` is no date.
- `RELATIVE_DAY`: `yesterday`, `tomorrow`.
- `WEEKDAY`: `on Thursday`, `last Friday`, `next Monday`, `Friday`.

A date without a year takes the year that puts it nearest the article's date, looking
back further than ahead (`December 27` in an article of 2024-01-19 is 2023-12-27; `July
13` in one of 2018-04-26 is 2018-07-13). A weekday is the latest such day on or before
the article's date (`last Friday` strictly before, and a week earlier when the article
is itself of a Friday and says "last"), or the next one when the clause speaks of the
future (`next Monday`, `will meet on Tuesday`). Without an article date only explicit
dates with a year are kept.

The event text is the clause around the date, not the whole sentence: the sentence is
cut at semicolons, dashes, colons and at conjunctions that open a new clause, and what
remains is kept to `CLAUSE_LIMIT` characters around the date. Date stamps the cleaner
keeps (`First change: ... Last change: ...`) are metadata, not events, and are skipped.

`story_timeline` merges the events of all articles: on one date, clauses that share
enough content words (`SAME_EVENT`) are one event listing each source.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from generator import lexicons
from generator.model import Article, DatedEvent, Precision, TimelineEntry

LEXICONS: tuple[str, ...] = (
    "calendar_words",
    "speech_verbs",
    "stop_words",
)
"""The word lists of `generator/lexicons/` this module loads (their digests key its cache)."""

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
YEAR = r"(?P<year>(?:19|20)\d\d)"
ISO_DATE = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
MONTH_DAY = re.compile(
    r"\b" + MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*%)(?:,?\s+" + YEAR + r"\b)?"
)
DAY_MONTH = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+" + MONTH + r"(?:,?\s+" + YEAR + r")?\b"
)
MONTH_YEAR = re.compile(
    r"\b(?i:in|since|until|till|by|from|of|during|early|late|mid-?|through|before|after)"
    r"\s+" + MONTH + r",?\s+" + YEAR + r"\b"
)
RELATIVE_DAY = re.compile(r"\b(?P<word>[Yy]esterday|[Tt]omorrow)\b")
WEEKDAY = re.compile(
    r"\b(?:(?P<which>(?i:last|this|next|on|early|late))\s+)?"
    r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
FUTURE = re.compile(
    r"\b(?:will|shall|would|is to|are to|is due|are due|is expected|are expected|"
    r"plans? to|is scheduled|are scheduled|scheduled for|is set to|are set to)\b",
    re.IGNORECASE,
)
STAMP = re.compile(
    r"^\s*(?:first|last)\s+(?:change|update|modified|published)\b"
    r"|^\s*(?:published|updated|posted|modified)\s*(?:on|at)?\s*:",
    re.IGNORECASE,
)

CLAUSE_LIMIT = 160
"""Longest event text; longer clauses are cut to a window of words around the date."""
CLAUSE_MIN = 40
"""A clause shorter than this borrows the next (or previous) one: `Last Friday,` alone says
nothing."""
SAME_EVENT = 0.25
"""Share of content words (Jaccard) above which two clauses of one date are one event."""
PAST_SHARED_WORDS = 1
"""Clauses about a date before the story's first article (a past event the sources recall)
are one event when they share this many content words."""
LOOKAHEAD_DAYS = 200
"""A date without a year more than this many days after the article is last year's."""

# Where a sentence splits into clauses: strong punctuation, and commas or spaces before a
# word that opens a new clause.
CLAUSE_BREAK = re.compile(
    r"\s*;\s*|\s+[—–]\s+|\s+--\s+|:\s+(?=[A-Z“\"‘'])"
    r"|,?\s+(?=(?:while|whereas|but|although|though|because|where|after which|"
    r"according to|announcing|adding|saying)\b)"
    r"|,\s+(?=(?:and|as|after|before|when|since)\b)"
)
DATELINE = re.compile(r"^\s*(?:\([A-Z][\w .'-]+\)|[A-Z][A-Z .'-]+(?:\s*\([^)]*\))?\s*[—–-])\s*")
WORD = re.compile(r"[a-z0-9]+")
STOP_WORDS = (
    lexicons.load("stop_words") | lexicons.load("calendar_words") | lexicons.load("speech_verbs")
)
"""Words that say nothing of what a sentence is about: stop words, the names of days
and months, speech verbs."""


@dataclass(frozen=True, slots=True)
class DateMatch:
    expression: str
    date: datetime.date
    start: int
    end: int
    precision: Precision = "day"


# --------------------------------------------------------------------------- dates


def find_dates(text: str, reference: datetime.date | None) -> list[DateMatch]:
    """Every date `text` names, resolved against `reference`, in text order."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(match: re.Match[str]) -> bool:
        return not any(start < match.end() and match.start() < end for start, end in taken)

    def keep(match: re.Match[str], date: datetime.date | None, precision: Precision) -> None:
        if date is not None:
            taken.append(match.span())
            expression = match.group(0).strip()
            found.append(DateMatch(expression, date, match.start(), match.end(), precision))

    for match in ISO_DATE.finditer(text):
        keep(match, _iso(match), "day")
    for pattern in (MONTH_DAY, DAY_MONTH):
        for match in pattern.finditer(text):
            if free(match):
                keep(match, _month_day(match, reference), "day")
    for match in MONTH_YEAR.finditer(text):
        if free(match):
            month = MONTHS[match.group("month").lower().rstrip(".")]
            keep(match, datetime.date(int(match.group("year")), month, 1), "month")
    if reference is not None:
        for match in RELATIVE_DAY.finditer(text):
            if free(match):
                step = -1 if match.group("word").lower() == "yesterday" else 1
                keep(match, reference + datetime.timedelta(days=step), "day")
        for match in WEEKDAY.finditer(text):
            if free(match):
                keep(match, _weekday(match, reference, text), "day")
    return sorted(found, key=lambda m: m.start)


def resolve_dates(text: str, reference: datetime.date | None) -> list[tuple[str, datetime.date]]:
    """(expression as written, date) for every date in `text`."""
    return [(match.expression, match.date) for match in find_dates(text, reference)]


def _iso(match: re.Match[str]) -> datetime.date | None:
    try:
        return datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def _month_day(match: re.Match[str], reference: datetime.date | None) -> datetime.date | None:
    month = MONTHS[match.group("month").lower().rstrip(".")]
    day = int(match.group("day"))
    if match.group("year"):
        years = [int(match.group("year"))]
    elif reference is not None:
        # The year that puts the date nearest the article: this year, unless that is
        # far ahead (then last year's).
        years = [reference.year, reference.year - 1]
    else:
        return None
    for year in years:
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            return None
        if reference is None or match.group("year"):
            return candidate
        if (candidate - reference).days <= LOOKAHEAD_DAYS:
            return candidate
    return None


def _weekday(match: re.Match[str], reference: datetime.date, text: str) -> datetime.date:
    """The weekday nearest before the reference, or after it when the text is about the future."""
    target = WEEKDAYS.index(match.group("weekday").lower())
    which = (match.group("which") or "").lower()
    back = (reference.weekday() - target) % 7
    ahead = (target - reference.weekday()) % 7
    if which == "next":
        return reference + datetime.timedelta(days=ahead or 7)
    if which == "last":
        return reference - datetime.timedelta(days=back or 7)
    if ahead and speaks_of_future(text, match.start()):
        return reference + datetime.timedelta(days=ahead)
    return reference - datetime.timedelta(days=back)


QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
FUTURE_WINDOW = 60
"""Characters before a weekday where a future verb (`will meet on`) makes it a coming day."""


def speaks_of_future(text: str, start: int) -> bool:
    """A future verb shortly before `start`, in the narrator's words (not inside quotes)."""
    before = QUOTED.sub(" ", text[:start])[-FUTURE_WINDOW:]
    return bool(FUTURE.search(before))


# --------------------------------------------------------------------------- clauses


def clause_around(sentence: str, start: int, end: int) -> str:
    """The clause of `sentence` that holds the characters start..end."""
    pieces: list[tuple[int, int]] = []
    at = 0
    for match in CLAUSE_BREAK.finditer(sentence):
        if match.start() == 0 or (match.start() < end and start < match.end()):
            continue
        pieces.append((at, match.start()))
        at = match.end()
    pieces.append((at, len(sentence)))
    first = last = next(
        (i for i, (lo, hi) in enumerate(pieces) if lo <= start < hi), len(pieces) - 1
    )
    lo, hi = pieces[first]
    # Too short to say anything ("Last Friday,"): take the next clause, else the previous.
    while hi - lo < CLAUSE_MIN:
        if last + 1 < len(pieces):
            last += 1
            hi = pieces[last][1]
        elif first > 0:
            first -= 1
            lo = pieces[first][0]
        else:
            break
    return sentence[lo:hi]


def event_text(sentence: str, start: int, end: int) -> str:
    """Short event text: the clause around the date, tidied and kept to CLAUSE_LIMIT."""
    clause = clause_around(sentence, start, end)
    offset = sentence.find(clause)
    clause = " ".join(clause.split())
    stripped = DATELINE.sub("", clause, count=1)
    if stripped != clause and len(stripped) >= CLAUSE_MIN:
        offset += len(clause) - len(stripped)
        clause = stripped
    clause = clause.strip(" ,;:—–-")
    if len(clause) > CLAUSE_LIMIT:
        clause = window(clause, max(0, start - offset), max(0, end - offset), CLAUSE_LIMIT)
    if clause and clause[0].islower():
        clause = clause[0].upper() + clause[1:]
    return clause


def window(text: str, start: int, end: int, limit: int) -> str:
    """Up to `limit` characters of whole words holding text[start:end], with ellipses where
    cut; the clause's start (its subject) is kept whenever the date fits after it."""
    if end <= limit - 1:
        lo = 0
    else:
        lo = max(0, min(start - limit // 3, len(text) - limit))
        space = text.find(" ", lo)
        lo = space + 1 if 0 <= space < start else lo
    hi = min(len(text), lo + limit)
    if hi < len(text):
        space = text.rfind(" ", lo, hi)
        hi = space if space >= end else hi
    piece = text[lo:hi].strip(" ,;:")
    return ("…" if lo > 0 else "") + piece + ("…" if hi < len(text) else "")


# --------------------------------------------------------------------------- events


def find_events(article: Article, reference: datetime.date | None) -> tuple[DatedEvent, ...]:
    """Every date the article's text names, with the clause that carries it."""
    return tuple(event for event, _precision in _events(article, reference))


def _events(
    article: Article, reference: datetime.date | None
) -> list[tuple[DatedEvent, Precision]]:
    stamps = {" ".join(stamp.split()) for stamp in article.clean.stamps}
    texts = sentence_texts(article)
    found: list[tuple[DatedEvent, Precision]] = []
    for sentence in texts:
        if is_stamp(sentence, stamps):
            continue
        seen: set[datetime.date] = set()
        for match in find_dates(sentence, reference):
            if match.date in seen:
                continue
            seen.add(match.date)
            text = event_text(sentence, match.start, match.end)
            found.append((DatedEvent(match.date, text, match.expression), match.precision))
    return found


def is_stamp(sentence: str, stamps: set[str]) -> bool:
    """A date stamp line (`First change: … Last change: …`): metadata, not an event."""
    flat = " ".join(sentence.split())
    return bool(STAMP.search(flat)) or any(flat in stamp or stamp in flat for stamp in stamps)


def content_words(text: str) -> frozenset[str]:
    """Words that carry meaning, cut to 5 letters so that `Mexico` meets `Mexican`."""
    return frozenset(
        word[:5]
        for word in WORD.findall(lexicons.fold(text))
        if len(word) > 2 and word not in STOP_WORDS and not word.isdigit()
    )


def similarity(left: frozenset[str], right: frozenset[str]) -> float:
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def rarest_first(sets: Iterable[frozenset[str]]) -> dict[str, int]:
    """Each word of these sets -> its place in one order of all of them, the word in the
    fewest sets first (ties by the word): the order `prefix` takes words in."""
    frequency: Counter[str] = Counter(word for words in sets for word in words)
    return {word: at for at, word in enumerate(sorted(frequency, key=lambda w: (frequency[w], w)))}


def least_shared(threshold: float, size: int) -> int:
    """The fewest words a set of `size` words shares with any set of Jaccard similarity
    `threshold` or more to it (at least one; rounded down a hair, never up: a smaller
    count only makes prefixes longer)."""
    return max(1, math.ceil(threshold * size - 1e-6))


def prefix(words: frozenset[str], threshold: float, rank: Mapping[str, int]) -> list[str]:
    """The words under which a set is indexed and looked up for pairs of Jaccard
    `threshold` or more: its `len - least_shared + 1` rarest (`rank`; a word `rank` does
    not know comes first: no other set has it)."""
    if not words:
        return []  # shares nothing: Jaccard 0
    ordered = sorted(words, key=lambda word: rank.get(word, -1))
    return ordered[: len(words) - least_shared(threshold, len(words)) + 1]


@dataclass(slots=True)
class _Entry:
    date: datetime.date
    precision: Precision
    texts: list[tuple[int, str]]  # (article position, clause)
    words: set[str]
    sources: list[str]
    carried: set[str]  # the sources, for lookups


def story_timeline(articles: Sequence[Article]) -> tuple[TimelineEntry, ...]:
    """Dated events of all articles, one entry per event, sources merged.

    Each article gives at most one clause per date (its first mention of that date, the
    one that tells the event; later mentions mostly repeat it). Articles are read in
    story order; a clause joins an entry of the same date from another source when they
    share `SAME_EVENT` of their content words, or, for a date before the story's first
    article (an earlier event the sources recall), `PAST_SHARED_WORDS` words. An entry
    shows its shortest clause.
    """
    dates = [article.meta.date for article in articles if article.meta.date is not None]
    start = min(dates) if dates else None
    entries: list[_Entry] = []
    # Only entries of one date and precision can take a clause: looked up by both.
    by_day: dict[tuple[datetime.date, Precision], list[_Entry]] = {}
    for position, article in enumerate(articles):
        source = str(article.source)
        seen: set[tuple[datetime.date, Precision]] = set()
        for event, precision in _events(article, article.meta.date):
            if (event.date, precision) in seen:
                continue
            seen.add((event.date, precision))
            words = content_words(event.text)
            past = start is not None and event.date < start
            day = by_day.setdefault((event.date, precision), [])
            target = best_entry(day, event.date, precision, words, source, past)
            if target is None:
                entry = _Entry(
                    event.date, precision, [(position, event.text)], set(words), [source], {source}
                )
                entries.append(entry)
                day.append(entry)
                continue
            target.texts.append((position, event.text))
            target.words |= words
            target.sources.append(source)
            target.carried.add(source)
    result = []
    for entry in entries:
        text = min(entry.texts, key=lambda item: (len(item[1]) < CLAUSE_MIN, len(item[1]), item))
        first = min(position for position, _text in entry.texts)
        result.append((entry.date, first, text[1], entry))
    result.sort(key=lambda item: (item[0], item[1], item[2]))
    return tuple(
        TimelineEntry(date, text, tuple(entry.sources), entry.precision)
        for date, _first, text, entry in result
    )


def best_entry(
    entries: Sequence[_Entry],
    date: datetime.date,
    precision: Precision,
    words: frozenset[str],
    source: str,
    past: bool,
) -> _Entry | None:
    """The entry of that date from other sources whose clause is most like this one."""
    target, best = None, 0.0
    for entry in entries:
        if entry.date != date or entry.precision != precision or source in entry.carried:
            continue
        shared = len(words & entry.words)
        score = similarity(words, frozenset(entry.words))
        if (score >= SAME_EVENT or (past and shared >= PAST_SHARED_WORDS)) and (
            target is None or score > best
        ):
            target, best = entry, score
    return target


def sentence_texts(article: Article) -> list[str]:
    """The article's sentences; split from its paragraphs when extraction gave none."""
    if article.sentences:
        return [sentence.text for sentence in article.sentences]
    return [
        part
        for block in article.clean.blocks
        if block.kind == "paragraph"
        for part in re.split(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])", block.text)
        if part.strip()
    ]
