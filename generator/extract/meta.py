"""Article metadata: a cascade of small named rules per field, declared values first.

Like htmldate and trafilatura: each field has an ordered list of rules, cheap and sure
first; the first rule that answers wins. Nothing here is invented: an outlet comes from
the front matter, a dateline agency (`Washington (AFP) –`) or a copyright line naming
the outlet (`© AFP`), never from a photo agency or a scraper trailer.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from generator import lexicons
from generator.extract.clean import (
    NEWS_AGENCY,
    agency_byline,
    byline_names,
    copyright_holder,
    parse_dateline,
    split_sentences,
    visible_line,
    word_count,
)
from generator.model import ArticleMeta, CleanArticle, DateBasis, RawArticle

LEXICONS: tuple[str, ...] = (
    "title_small_words",
    "news_agencies",
    "place_particles",
)
"""The word lists of `generator/lexicons/` this module loads (their digests key its cache)."""

# =========================================================================== dates

_MONTH_WORD = r"[^\W\d_]{3,10}\.?"
_DATE_EXPRESSIONS = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b"  # 2024-01-19
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b"  # 19/01/2024, 01.19.2024
    rf"|\b{_MONTH_WORD} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b"  # January 19, 2024
    # 19 janvier 2024, 19 de enero de 2024
    rf"|\b\d{{1,2}}(?:er|st|nd|rd|th|º|\.)? (?:de )?{_MONTH_WORD} (?:de )?\d{{4}}\b",
    re.I,
)


def parse_date(
    text: str, languages: Sequence[str] | None = None, month_first: bool | None = None
) -> datetime.date | None:
    """An absolute date written out in ``text`` (any language), never a relative one."""
    text = " ".join(text.split())
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?", text)
    if match:
        return _date(int(match[1]), int(match[2]), int(match[3]))
    match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
    if match:
        a, b, year = int(match[1]), int(match[2]), int(match[3])
        if a > 12 or (b <= 12 and month_first is False):
            return _date(year, b, a)
        if b > 12 or month_first:
            return _date(year, a, b)
        return _date(year, b, a) if month_first is False else _date(year, a, b)
    import dateparser

    settings: dict[str, Any] = {
        "PARSERS": ["custom-formats", "absolute-time"],
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        found = dateparser.parse(
            text, languages=list(languages) if languages else None, settings=settings
        )
    except (ValueError, OverflowError, TypeError, AttributeError, KeyError):
        return None
    return found.date() if found is not None else None


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


_UPDATE_LABEL = re.compile(
    r"last change|updated|modified|mis à jour|dernière modification|actualizado|"
    r"modificado|última|atualizado|aktualisiert|geändert|aggiornato|ultimo aggiornamento|"
    r"bijgewerkt|zaktualizowano",
    re.I,
)


@dataclass(frozen=True, slots=True)
class StampDate:
    date: datetime.date
    is_update: bool  # written after an "updated"/"last change" label
    text: str


def stamp_dates(stamp: str, languages: Sequence[str] | None = None) -> list[StampDate]:
    """Every absolute date in a stamp line, with whether an update label precedes it.

    `First change: January 19, 2024 – 9:21 p.m. Last change: January 19, 2024 – 9:19 p.m`
    -> two dates, the second marked as an update.
    """
    found: list[StampDate] = []
    month_first = None if not languages else languages[0] == "en"
    previous_end = 0
    for match in _DATE_EXPRESSIONS.finditer(stamp):
        date = parse_date(match.group(0), languages, month_first)
        if date is None and languages:  # a stamp in another language than the body
            date = parse_date(match.group(0), None, month_first)
        label_zone = stamp[previous_end : match.start()]
        previous_end = match.end()
        if date is not None:
            found.append(StampDate(date, bool(_UPDATE_LABEL.search(label_zone)), match.group(0)))
    return found


# =========================================================================== rules

TitleRule = Callable[[RawArticle, CleanArticle], str | None]


def title_from_front_matter(raw: RawArticle, clean: CleanArticle) -> str | None:
    return raw.meta.title


def title_from_headline(raw: RawArticle, clean: CleanArticle) -> str | None:
    return clean.headline


def title_from_first_sentence(raw: RawArticle, clean: CleanArticle) -> str | None:
    """No headline line: the first sentence of the body, dateline removed, shortened at
    a clause boundary when it is long."""
    first = next((b for b in clean.blocks if b.kind == "paragraph"), None)
    if first is None:
        return None
    return shorten_title(first.text)


_SMALL_WORDS = lexicons.load("title_small_words")


def shorten_title(text: str, max_words: int = 14) -> str | None:
    dateline = parse_dateline(text)
    if dateline is not None:
        text = text[dateline.end :]
    sentences = split_sentences(text.strip())
    if not sentences:
        return None
    sentence = sentences[0].strip().rstrip(".").strip()
    words = sentence.split()
    if not words:
        return None
    if len(words) <= max_words:
        return sentence
    # Cut at the last clause boundary within the limit, else at the limit.
    cut = max_words
    for index in range(max_words, 5, -1):
        if words[index - 1].endswith((",", ";", ":")) or words[index] in ("—", "–", "-"):
            cut = index
            break
    else:
        while cut > 6 and words[cut - 1].lower() in _SMALL_WORDS:
            cut -= 1
    # Never stop inside a name: `… director James` -> `… director James Comey`.
    while (
        cut < len(words)
        and cut < max_words + 3
        and _capitalised(words[cut - 1])
        and _capitalised(words[cut])
    ):
        cut += 1
    title = " ".join(words[:cut]).rstrip(",;:—–- ")
    return title + "…"


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.endswith((",", ";", ":"))


def title_from_path(raw: RawArticle, clean: CleanArticle) -> str | None:
    stem = raw.path.stem.replace("_", " ").replace("-", " ").strip()
    return stem or str(raw.path)


TITLE_RULES: tuple[TitleRule, ...] = (
    title_from_front_matter,
    title_from_headline,
    title_from_first_sentence,
    title_from_path,
)

_AGENCIES = lexicons.mapping("news_agencies")


def canonical_outlet(name: str) -> str:
    name = " ".join(name.split()).strip(" .,")
    return _AGENCIES.get(name.casefold(), name)


def _looks_like_outlet(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 5 or len(name) > 50:
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in ("of", "the", "de") for w in words)


def _opening_paragraphs(clean: CleanArticle, count: int = 2) -> list[str]:
    return [b.text for b in clean.blocks if b.kind == "paragraph"][:count]


_MEDIA_WORDS = re.compile(
    r"\b(?:press|presse|prensa|news|nachrichten|noticias|nouvelles|times|post|journal|tribune|"
    r"herald|gazette|guardian|telegraph|chronicle|observer|monde|media|médias|agency|agence|"
    r"agencia|agentur|broadcasting|radio|television|télévision|tv|bbc|cnn|npr|pbs|abc|cbs|nbc)\b",
    re.I,
)


def _names_a_news_organisation(name: str) -> bool:
    """`AFP`, `The Associated Press`, `Le Monde`, `The Daily News`; not `Jane Doe`."""
    return bool(NEWS_AGENCY.fullmatch(name) or _MEDIA_WORDS.search(name))


OutletRule = Callable[[RawArticle, CleanArticle], str | None]


def outlet_from_front_matter(raw: RawArticle, clean: CleanArticle) -> str | None:
    return raw.meta.outlet


def outlet_from_dateline(raw: RawArticle, clean: CleanArticle) -> str | None:
    """`Washington (AFP) –`, `WASHINGTON, April 30 (Reuters) -` -> the agency."""
    for text in _opening_paragraphs(clean):
        dateline = parse_dateline(text)
        if dateline is not None and dateline.agency and _looks_like_outlet(dateline.agency):
            return canonical_outlet(dateline.agency)
    return None


def outlet_from_copyright(raw: RawArticle, clean: CleanArticle) -> str | None:
    """`© AFP` (a copyright line the cleaner removed) -> `AFP`. Photo credits are not
    considered: a photo agency is not the outlet."""
    for item in clean.removed:
        if item.rule == "copyright":
            holder = copyright_holder(visible_line(item.text, raw.fmt))
            if holder and _looks_like_outlet(holder) and _names_a_news_organisation(holder):
                return canonical_outlet(holder)
    return None


def outlet_from_agency_line(raw: RawArticle, clean: CleanArticle) -> str | None:
    """A line naming only a news agency (`Agence France-Presse`, `By The Associated
    Press`), which the cleaner removed as an agency byline."""
    for item in clean.removed:
        if item.rule == "agency-byline":
            agency = agency_byline(visible_line(item.text, raw.fmt))
            if agency:
                return canonical_outlet(agency)
    return None


OUTLET_RULES: tuple[OutletRule, ...] = (
    outlet_from_front_matter,
    outlet_from_dateline,
    outlet_from_agency_line,
    outlet_from_copyright,
)
"""The outlet or agency a source names: what it declares, else what its text credits."""

CREDIT_RULES: tuple[OutletRule, ...] = (
    outlet_from_dateline,
    outlet_from_agency_line,
    outlet_from_copyright,
)
"""What the text credits (an agency in a dateline, an agency line, a copyright line):
`outlets.identify` tells a wire agency (the wire) from a publisher (the outlet)."""


def find_dateline(clean: CleanArticle) -> str | None:
    """`(Washington)`, `Washington (AFP) –`, `WASHINGTON —` -> `Washington`."""
    for text in _opening_paragraphs(clean):
        dateline = parse_dateline(text)
        if dateline is not None and dateline.place:
            return place_name(dateline.place)
    return None


_PARTICLES = lexicons.load("place_particles")


def place_name(place: str) -> str:
    """`TEL AVIV` -> `Tel Aviv`, `RIO DE JANEIRO` -> `Rio de Janeiro`; mixed-case names
    are kept as written."""
    if not place.isupper():
        return place

    def word(match: re.Match[str]) -> str:
        text = match.group(0)
        if match.start() and text in _PARTICLES:
            return text
        return text.capitalize()

    return re.sub(r"[^\W\d_]+(?:['’][^\W\d_]+)?", word, place.lower())


@dataclass(frozen=True, slots=True)
class DateFinding:
    date: datetime.date | None
    basis: DateBasis
    updated: datetime.date | None


DateRule = Callable[[RawArticle, CleanArticle, str], DateFinding | None]


def date_from_front_matter(
    raw: RawArticle, clean: CleanArticle, language: str
) -> DateFinding | None:
    if raw.meta.date is None:
        return None
    updated = raw.meta.updated if raw.meta.updated != raw.meta.date else None
    if updated is None:
        later = [d.date for d in _all_stamp_dates(clean, language) if d.date > raw.meta.date]
        updated = max(later) if later else None
    return DateFinding(raw.meta.date, "explicit", updated)


def _all_stamp_dates(clean: CleanArticle, language: str) -> list[StampDate]:
    languages = [language] if language and language != "und" else None
    return [found for stamp in clean.stamps for found in stamp_dates(stamp, languages)]


def date_from_stamps(raw: RawArticle, clean: CleanArticle, language: str) -> DateFinding | None:
    """`First change: January 19, 2024 – 9:21 p.m.` -> 2024-01-19, explicit. The date is
    the first publication date written; `updated` is the latest date when it differs.
    Stamps out of order (a last change before the first) are kept as they are."""
    dates = _all_stamp_dates(clean, language)
    if not dates:
        return None
    published = [d.date for d in dates if not d.is_update] or [d.date for d in dates]
    date = published[0]
    latest = max(d.date for d in dates)
    return DateFinding(date, "explicit", latest if latest != date else None)


def date_from_dateline(raw: RawArticle, clean: CleanArticle, language: str) -> DateFinding | None:
    """`PARIS, 19 January 2024 (AFP) –` has a full date; `WASHINGTON, April 30 (Reuters)`
    has no year, which is not enough on its own."""
    for text in _opening_paragraphs(clean):
        dateline = parse_dateline(text)
        if dateline is not None and dateline.date_text:
            languages = [language] if language and language != "und" else None
            date = (
                parse_date(dateline.date_text, languages)
                if re.search(r"\d{4}", dateline.date_text)
                else None
            )
            if date is not None:
                return DateFinding(date, "explicit", None)
    return None


DATE_RULES: tuple[DateRule, ...] = (date_from_front_matter, date_from_stamps, date_from_dateline)


def detect_language(text: str) -> str:
    """ISO 639-1 code from py3langid's bundled model (deterministic); `und` for no text."""
    if not re.search(r"[^\W\d_]{2}", text):
        return "und"
    import py3langid

    code, _score = py3langid.classify(text[:3000])  # the opening is plenty, and fast
    return str(code)


def _title_case_names(names: str) -> str:
    """`JANE DOE and JOHN ROE` -> `Jane Doe and John Roe`; mixed case is kept."""
    capitalised = [word for word in names.split() if word[:1].isupper()]
    if capitalised and all(word.isupper() for word in capitalised):
        return " ".join(place_name(w) if w.isupper() else w for w in names.split())
    return names


def author_from_byline(raw: RawArticle, clean: CleanArticle) -> str | None:
    for item in clean.removed:
        if item.rule == "byline":
            names = byline_names(visible_line(item.text, raw.fmt))
            if names:
                return _title_case_names(names)
    return None


# =========================================================================== extract_meta


def extract_meta(raw: RawArticle, clean: CleanArticle) -> ArticleMeta:
    """Settle title, outlet, dateline, dates, language and word count for one article."""
    title = tidy_title(_first(rule(raw, clean) for rule in TITLE_RULES) or str(raw.path))
    credit = _first(rule(raw, clean) for rule in CREDIT_RULES)
    body = clean.body
    language = raw.meta.language or detect_language(body or (clean.headline or ""))
    found = _first(rule(raw, clean, language) for rule in DATE_RULES)
    if found is None:
        found = DateFinding(None, "unknown", raw.meta.updated)
    return ArticleMeta(
        title=title,
        outlet=raw.meta.outlet,
        dateline=find_dateline(clean),
        date=found.date,
        date_basis=found.basis,
        updated=found.updated,
        language=language,
        word_count=word_count(body),
        author=raw.meta.author or author_from_byline(raw, clean),
        url=raw.meta.url,
        wire=raw.meta.wire,
        credit=credit,
    )


BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Unicode's bidirectional formatting characters: marks, embeddings, overrides, isolates."""


def tidy_title(title: str) -> str:
    """A headline's final full stop is dropped (`Trump will visit UK in July.`), unless
    it ends an abbreviation (`… talks with the U.S.`). Bidi controls are dropped: an
    override would show the headline (and what follows it on a line) reversed."""
    title = " ".join(BIDI_CONTROLS.sub("", title).split())
    last = title.split()[-1] if title.split() else ""
    if title.endswith(".") and not title.endswith("..") and last.count(".") == 1:
        return title[:-1].rstrip()
    return title


def _first(values: Any) -> Any:
    for value in values:
        if value:
            return value
    return None
