"""Dated events in a story: explicit dates and relative ones resolved against the article's date.

`December 27` in an article of 2024-01-19 is 2023-12-27; `last Friday` is the Friday of
the week before; `on Thursday` is the latest Thursday on or before the article's date.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from generator.model import Article, DatedEvent, TimelineEntry

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
MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
MONTH_DAY = re.compile(MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")
DAY_MONTH = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+" + MONTH + r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")
WEEKDAY = re.compile(
    r"\b(?P<last>(?i:last|this|on)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
SENTENCE_LIMIT = 240


def find_events(article: Article, reference: datetime.date | None) -> tuple[DatedEvent, ...]:
    """Every sentence of the article that names a day, with that day resolved."""
    events: list[DatedEvent] = []
    texts = [s.text for s in article.sentences] or _paragraph_sentences(article)
    for sentence in texts:
        for expression, date in resolve_dates(sentence, reference):
            events.append(DatedEvent(date, shorten(sentence), expression))
    return tuple(events)


def resolve_dates(text: str, reference: datetime.date | None) -> list[tuple[str, datetime.date]]:
    found: list[tuple[str, datetime.date]] = []
    taken: list[tuple[int, int]] = []
    for pattern in (MONTH_DAY, DAY_MONTH):
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            date = _month_day(match, reference)
            if date is not None:
                taken.append(match.span())
                found.append((match.group(0), date))
    if reference is not None:
        for match in WEEKDAY.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            date = _weekday(match, reference)
            found.append((match.group(0).strip(), date))
    return found


def _month_day(match: re.Match[str], reference: datetime.date | None) -> datetime.date | None:
    month = MONTHS[match.group("month").lower().rstrip(".")]
    day = int(match.group("day"))
    year_text = match.group("year")
    if year_text:
        year = int(year_text)
    elif reference is not None:
        year = reference.year
        # A month-day after the article's date without a year is most likely last year's,
        # unless it is within a few weeks ahead (announced plans: "on July 13").
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            return None
        if (candidate - reference).days > 200:
            year -= 1
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _weekday(match: re.Match[str], reference: datetime.date) -> datetime.date:
    """`on Friday`: the latest Friday on or before the reference; `last Friday`: strictly before."""
    target = WEEKDAYS.index(match.group("weekday").lower())
    back = (reference.weekday() - target) % 7
    if (match.group("last") or "").strip().lower() == "last" and back == 0:
        back = 7
    return reference - datetime.timedelta(days=back)


def story_timeline(articles: Sequence[Article]) -> tuple[TimelineEntry, ...]:
    """Dated events of all articles, one entry per (date, sentence), sources merged."""
    entries: dict[tuple[datetime.date, str], list[str]] = {}
    for article in articles:
        for event in find_events(article, article.meta.date):
            sources = entries.setdefault((event.date, event.text), [])
            if str(article.source) not in sources:
                sources.append(str(article.source))
    return tuple(
        TimelineEntry(date, text, tuple(sources))
        for (date, text), sources in sorted(entries.items())
    )


def shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SENTENCE_LIMIT:
        return text
    return text[: SENTENCE_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _paragraph_sentences(article: Article) -> list[str]:
    text = article.clean.body
    return [part for part in re.split(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])", text) if part.strip()]
