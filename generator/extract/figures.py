"""Key figures: the numbers that carry news, with their context.

A number is a *key figure* when a reader of a briefing would want it in a table. The
rule, in order (each step is a small named function below):

1. Find number expressions: digits (``520,000``, ``2.4``), scale words (``2.4 million``,
   ``$25bn``), spelled numbers (``two``, ``dozens``), money (``$``, ``€``, ``£``) and
   percentages (``%``, ``percent``).
2. Drop what is not a quantity: years (``2023``), dates (``January 19``, ``Feb. 8``),
   times of day (``9:21 p.m.``), counters (``1/2``, ``page 3``, ``No. 5``), ordinals
   (``first``, ``3rd``), ages (``45-year-old``, ``aged 45``), addresses (``10 Downing
   Street``), ``one of``.
3. Keep by news value:
   - money and percentages always;
   - counts of casualties and enforcement (dead, killed, drowned, injured, arrested,
     missing, deported ...) at any size: ``two children drowned`` is news, and
     ``injured 300`` takes the verb as its unit;
   - vague quantities (``tens of thousands of demonstrators``; value = lower bound)
     when they count something and are not a speaker's words inside a quotation;
   - other counts from 10 up, when they count something (a noun follows or the number
     is an amount: ``242,000 times``, ``3,000 km``); durations (``three weeks``,
     ``15 years``) are context, not figures; counted pages/slides only from 1,000;
   - compound modifiers are descriptions (``66-page complaint``, ``28-member bloc``),
     except measures (``a 30-mile stretch``);
   - small counts (< 10) otherwise are not figures (``two countries``, ``three weeks``).
   A value repeated in one article (same value and unit) is one figure.
4. Read its context from the sentence: qualifier (``more than``, ``some``, ``record``),
   unit (the counted noun), period (``in 2023``, ``between October 2022 and September
   2023``, ``last November``) and who reports it (``according to the U.S. Border
   Patrol`` -> ``US Border Patrol``; ``..., the ministry said``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator import lexicons
from generator.extract.nlp import cut_long, sentence_spans, tags_after_many, text_of
from generator.model import CleanArticle, Figure, Mention

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


LEXICONS: tuple[str, ...] = (
    "number_words",
    "figure_qualifiers",
    "time_units",
    "measure_units",
    "non_news_units",
    "casualty_words",
    "figure_function_words",
)
"""The word lists of `generator/lexicons/` this module loads (their digests key its cache)."""


# --------------------------------------------------------------------------- lexicons

SMALL_NUMBERS = lexicons.mapping("number_words")
# Vague plurals ("dozens of", "thousands of") are figures only with a casualty noun.
VAGUE = frozenset(
    {
        "dozens",
        "hundreds",
        "thousands",
        "tens of thousands",
        "hundreds of thousands",
        "millions",
        "billions",
    }
)

SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}

CURRENCIES = {
    "$": "dollars",
    "us$": "dollars",
    "€": "euros",
    "£": "pounds",
    "¥": "yen",
    "₹": "rupees",
}
CURRENCY_WORDS = {
    "dollar": "dollars",
    "dollars": "dollars",
    "euro": "euros",
    "euros": "euros",
    "pound": "pounds",
    "pounds": "pounds",
    "yen": "yen",
    "yuan": "yuan",
    "rupees": "rupees",
    "pesos": "pesos",
    "rubles": "rubles",
    "roubles": "rubles",
}

QUALIFIERS = lexicons.entries("figure_qualifiers")

TIME_UNITS = lexicons.load("time_units")
# Units of measure: "a 7.8-magnitude earthquake", "a 30-mile stretch" are quantities.
MEASURES = lexicons.load("measure_units")

# Counted nouns that are never news (page counters, ranks, parts of a text).
NON_NEWS_UNITS = lexicons.load("non_news_units")

CASUALTY_WORDS = lexicons.load("casualty_words")
PEOPLE_WORDS = frozenset(
    {"migrants", "refugees", "children", "minors", "soldiers", "civilians", "prisoners"}
)
CASUALTY_VERBS = re.compile(
    r"\b(?:died|dies|killed|drowned|injured|wounded|hurt|arrested|detained|deported|"
    r"kidnapped|abducted|rescued|evacuated|displaced|executed|murdered|shot|stabbed|"
    r"missing|dead|perished|lost their lives)\b",
    re.IGNORECASE,
)

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|"
    "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)

# --------------------------------------------------------------------------- patterns

_SPELLED = "|".join(sorted((re.escape(k) for k in SMALL_NUMBERS), key=len, reverse=True))
_NUMBER = re.compile(
    r"(?P<currency>US\$|\$|€|£|¥|₹)?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<scale>\s?(?:thousand|million|billion|trillion|mln|mn|bn|tn|[kmb])\b)?"
    r"(?P<percent>\s?(?:%|percent\b|per cent\b|percentage points?\b))?"
    r"|(?<![\w-])(?P<word>" + _SPELLED + r")(?![\w-])"
    r"(?P<wscale>\s(?:thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(
    r"(?:\b(?P<q>" + "|".join(re.escape(q) for q in QUALIFIERS) + r")\s+(?:of\s+)?)$",
    re.IGNORECASE,
)
_RECORD = re.compile(r"\b(?:a\s+)?record(?:\s+high|\s+number)?(?:\s+of)?\s+(?:\w+\s+){0,2}$", re.I)

_YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d)$")
_DATE_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?\s*$")
_DATE_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{MONTHS})\b")
_TIME_AFTER = re.compile(
    r"^(?::\d\d|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|BST|EST|ET\b|o'clock))", re.I
)
_COUNTER_AROUND = re.compile(r"(?:\d\s*/\s*$|^\s*/\s*\d|^\s*of\s+\d+\b)")
_COUNTER_BEFORE = re.compile(
    r"\b(?:page|slide|no\.|number|chapter|section|article|paragraph|item|step|photo|"
    r"image|episode|season|room|flight|route|highway|interstate|channel|version|"
    r"resolution|act|rule|article|amendment|title|grade|level|phase|round|game|"
    r"part|vol\.|volume|issue|p\.|pp\.)\s*$",
    re.IGNORECASE,
)
_AGE_AFTER = re.compile(r"^(?:-|\s)(?:years?|yrs?)(?:-|\s)old\b|^-year-old\b|^\s?yo\b", re.I)
_AGE_BEFORE = re.compile(r"\b(?:aged|age|ages)\s*$|,\s*$", re.I)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b")
_NEXT_WORDS = re.compile(r"^[\s\-]*((?:[A-Za-z][\w'’\-]*[\s\-]*){1,4})")

_PERIOD_PATTERNS = (
    re.compile(
        rf"\b(?i:between)\s+(?:(?:{MONTHS})\.?\s+)?(?:\d{{1,2}},?\s+)?\d{{4}}\s+and\s+"
        rf"(?:(?:{MONTHS})\.?\s+)?(?:\d{{1,2}},?\s+)?\d{{4}}\b"
    ),
    re.compile(
        rf"\b(?i:between)\s+(?:{MONTHS})\.?(?:\s+\d{{4}})?\s+and\s+(?:{MONTHS})\.?(?:\s+\d{{4}})?"
    ),
    re.compile(
        rf"\b(?i:from)\s+(?:(?:{MONTHS})\.?\s+)?\d{{4}}\s+(?:to|until|through)\s+"
        rf"(?:(?:{MONTHS})\.?\s+)?\d{{4}}\b"
    ),
    re.compile(
        rf"\b(?i:in|during|since|by|until|through|for)\s+(?:(?:early|mid|late)[\s-]+)?"
        rf"(?:(?:{MONTHS})\.?\s+)?(?:\d{{1,2}},\s+)?(?:1[89]|20)\d\d\b"
    ),
    re.compile(rf"\b(?i:last|this|next|in|during|since)\s+(?:{MONTHS})\b"),
    re.compile(
        r"\b(?:last|this|next|past)\s+(?:year|month|week|decade|quarter|fiscal year|"
        r"summer|winter|spring|autumn|fall|weekend|monday|tuesday|wednesday|"
        r"thursday|friday|saturday|sunday)\b",
        re.I,
    ),
    re.compile(
        r"\b(?:so far this year|year to date|a year earlier|a year ago|annually|"
        r"per year|a year|a month|per month|a day|per day|each year|every year)\b",
        re.I,
    ),
    re.compile(r"\b(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
)

_ACCORDING = re.compile(r"\baccording to\s+", re.IGNORECASE)
_SOURCE_END = re.compile(
    r"\s*(?:[,;:()\"“”]|\.(?=\s|$)(?<![A-Z]\.)|$)"
    r"|\s+(?:which|that|who|whose|in|on|at|for|from|as|with|data|figures|statistics|"
    r"report|reports|estimates|show|shows|while|but|since|after|before|during|to|"
    r"analysis|survey|study|count|tally|census|records)\b"
    r"|\s+and\s+(?![A-Z])"  # "the ministry and …"; not "American Iron and Steel Institute"
)


def _according_to(sentence: str) -> str | None:
    match = _ACCORDING.search(sentence)
    if not match:
        return None
    rest = sentence[match.end() :]
    end = _SOURCE_END.search(rest)
    text = rest[: end.start()] if end else rest
    return text if text.strip() else None


_SAID_BY = re.compile(
    r"(?:,|\.)[\"”’]?\s+(?:the\s+|a\s+|an\s+)?((?:[A-Z][\w\.’'\-]*\s+){0,5}?[A-Z][\w\.’'\-]*"
    r"|(?:[\w\.’'\-]+\s+){0,3}?(?:ministry|government|agency|police|officials|"
    r"authorities|office|department|service|army|military|spokesman|spokeswoman|"
    r"spokesperson|statement|report|data|officers|rescuers|medics|doctors))\s+"
    r"(?:said|says|reported|reports|estimated|estimates|announced|stated)\b"
)
_SOURCE_VERB = re.compile(
    r"^(?:the\s+)?((?:[A-Z][\w\.’'\-]*\s+){0,5}?(?:[A-Z][\w\.’'\-]*|government|ministry|"
    r"agency|police|authorities|office|department|service|army))\s+"
    r"(?:said|says|reported|reports|estimated|estimates|announced|recorded|counted|data)\b"
)

# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True, slots=True)
class _Number:
    value: float
    start: int  # in sentence
    end: int
    spelled: bool
    vague: bool
    money: str | None
    percent: bool


def _parse(match: re.Match[str]) -> _Number | None:
    if match.group("word"):
        word = match.group("word").lower()
        value = float(SMALL_NUMBERS[word])
        if match.group("wscale"):
            value *= SCALES[match.group("wscale").strip().lower()]
        return _Number(value, match.start(), match.end(), True, word in VAGUE, None, False)
    raw = match.group("num").replace(",", "")
    try:
        value = float(raw)
    except ValueError:  # pragma: no cover - the pattern only matches numbers
        return None
    scale = (match.group("scale") or "").strip().lower()
    currency = match.group("currency")
    if scale in {"k", "m", "b"} and not currency:
        return None  # "5 m" is metres, "3 b" is noise: single letters only after money
    if scale:
        value *= SCALES[scale]
    money = CURRENCIES.get(currency.lower()) if currency else None
    start = match.start("currency") if currency else match.start("num")
    return _Number(value, start, match.end(), False, False, money, bool(match.group("percent")))


def _is_excluded(sentence: str, number: _Number, raw: str) -> bool:
    """Dates, years, times, counters, ordinals, ages, addresses, `one of`."""
    before = sentence[: number.start]
    after = sentence[number.end :]
    digits = raw.replace(",", "")
    if number.money or number.percent:
        return False
    if _YEAR.match(digits) and "," not in raw:
        return True
    if not number.spelled:
        if _DATE_BEFORE.search(before) or _DATE_AFTER.match(after):
            return True
        if _TIME_AFTER.match(after) or re.search(r"\d:\s*$", before):
            return True
        if _ORDINAL_AFTER.match(after):
            return True
        if re.match(r"^[.,]\d", after) or re.search(r"\d[.,]$", before):
            return True  # part of a larger token the pattern split
        if re.match(r"^\s+[A-Z][a-z]+\s+(?:Street|Road|Avenue|Ave|St|Square|Lane)\b", after):
            return True  # an address: 10 Downing Street
    if _COUNTER_AROUND.search(before[-3:]) or _COUNTER_AROUND.match(after[:6]):
        return True
    if _COUNTER_BEFORE.search(before):
        return True
    if _AGE_AFTER.match(after):
        return True
    if (
        number.value < 120
        and _AGE_BEFORE.search(before)
        and re.match(r"^\s*,", after)
        and not number.spelled
    ):
        return True  # "Jane Doe, 45, said"
    if number.spelled and number.value == 1:
        return True  # "one of", "one day": never a figure on its own
    # "two of the men": a part, not a count.
    return bool(re.match(r"^\s+of\s+(?:the|his|her|their|its|our|these|those|them)\b", after))


_PAST = {
    "killing": "killed",
    "injuring": "injured",
    "wounding": "wounded",
    "arresting": "arrested",
    "detaining": "detained",
    "deporting": "deported",
    "evacuating": "evacuated",
    "rescuing": "rescued",
    "displacing": "displaced",
}


def _unit(sentence: str, number: _Number, doc_unit: str | None) -> str | None:
    if number.money:
        return number.money
    if number.percent:
        return "%"
    after = sentence[number.end :]
    match = _NEXT_WORDS.match(after)
    words = match.group(1).split() if match else []
    words = [w.strip("-") for w in words if w.strip("-")]
    if words and words[0].lower() in CURRENCY_WORDS:
        return CURRENCY_WORDS[words[0].lower()]
    if doc_unit:
        return doc_unit
    verb = re.search(
        r"\b(killed|injured|wounded|arrested|detained|deported|evacuated|rescued|displaced|"
        r"killing|injuring|wounding|arresting|detaining|deporting|evacuating|rescuing|"
        r"displacing)\s+(?:at least\s+|more than\s+|some\s+|about\s+|nearly\s+)?$",
        sentence[: number.start],
    )
    if verb and (not words or words[0].lower() in _FUNCTION_WORDS):
        return _PAST.get(verb.group(1), verb.group(1))  # "the blast injured 300"
    if not words:
        return None
    if words[0].lower() == "of" and len(words) > 1:
        words = words[1:]  # "dozens of migrants"
        if words[0].lower() in {"the", "them", "those"}:
            return None
    first = words[0]
    if first.lower() in _FUNCTION_WORDS:
        return None
    # Skip up to two adjectives before a plural noun: "520,000 unaccompanied minors",
    # "hundreds of thousands of Iranian files".
    for word in words[:3]:
        lower = word.lower()
        if lower in _FUNCTION_WORDS:
            break
        if word[0].isupper():
            continue
        if lower.endswith("s") and not lower.endswith(("ous", "ss", "is", "us")):
            return lower
    return None if first[0].isupper() else first.lower()


_FUNCTION_WORDS = lexicons.load("figure_function_words")


def counted_nouns(
    articles: Sequence[tuple[CleanArticle, Doc | None]],
) -> list[dict[tuple[int, int], str]]:
    """For each article, the noun each of its numbers counts (by the number's character
    span in the body), from the part-of-speech tags: the first common noun within three
    tokens after the number, past adjectives (`520,000 unaccompanied minors`).

    Only the few tokens after the numbers are tagged (`nlp.tags_after_many`), for all
    the articles in one batch."""
    aligned = [doc is not None and text_of(doc) == clean.body for clean, doc in articles]
    requests = [
        (doc, _noun_requests(_candidates(clean)))
        for (clean, doc), ok in zip(articles, aligned, strict=True)
        if ok and doc is not None
    ]
    if not requests:
        return [{} for _ in articles]
    found = iter(tags_after_many(requests, 4))
    nouns: list[dict[tuple[int, int], str]] = []
    for ok in aligned:
        units: dict[tuple[int, int], str] = {}
        if ok:
            for key, tokens in next(found).items():
                for text, pos in tokens:
                    if pos == "NOUN":
                        units[key] = text.lower()
                        break
                    if pos not in {"ADJ", "NUM", "ADV"} and text not in {"-", "of"}:
                        break
        nouns.append(units)
    return nouns


def _qualifier(sentence: str, number: _Number) -> str | None:
    before = sentence[: number.start]
    match = _QUALIFIER.search(before)
    if match:
        q = match.group("q").lower()
        return "record" if q == "record" else q
    if _RECORD.search(before[-40:]):
        return "record"
    return None


def _period(sentence: str, number: _Number) -> str | None:
    best: tuple[int, str] | None = None
    for pattern in _PERIOD_PATTERNS:
        for match in pattern.finditer(sentence):
            text = match.group(0).strip()
            if match.start() < number.end and match.end() > number.start:
                continue
            distance = min(abs(match.start() - number.end), abs(number.start - match.end()))
            if best is None or (distance, -len(text)) < (best[0], -len(best[1])):
                best = (distance, text)
        if best is not None and pattern is _PERIOD_PATTERNS[3] and best[0] < 80:
            break
    return best[1] if best else None


def _reporter(sentence: str, mentions: Sequence[Mention]) -> str | None:
    according = _according_to(sentence)
    if according:
        return _tidy_source(according)
    match = _SAID_BY.search(sentence)
    if match:
        return _tidy_source(match.group(1))
    match = _SOURCE_VERB.match(sentence)
    if match:
        return _tidy_source(match.group(1))
    return None


def _tidy_source(text: str) -> str | None:
    text = text.strip().rstrip(".,;:")
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    text = re.sub(r"\b((?:[A-Z]\.){2,})", lambda m: m.group(1).replace(".", ""), text)
    text = re.sub(r"\s+(?:and|who|which|that)$", "", text)
    if not text or len(text.split()) > 8:
        return None
    if text.lower() in {"he", "she", "they", "it", "we", "i", "them", "him", "her"}:
        return None
    return text


def _figure_text(sentence: str, number: _Number, qualifier: str | None, unit: str | None) -> str:
    start = number.start
    before = sentence[:start]
    if qualifier and qualifier != "record":
        match = _QUALIFIER.search(before)
        if match:
            start = match.start()
    end = number.end
    if unit and not number.percent and not number.money:
        found = re.search(re.escape(unit), sentence[end : end + 60], re.IGNORECASE)
        if found:
            end = end + found.end()
    elif number.money:
        found = re.match(r"\s?(?:dollars?|euros?|pounds?)", sentence[end:], re.I)
        if found:
            end += found.end()
    return sentence[start:end].strip()


def _is_news(sentence: str, number: _Number, unit: str | None, quoted: bool = False) -> bool:
    """The news-value rule (see the module docstring)."""
    if number.money or number.percent:
        return True
    compound = re.match(r"^-([a-z]+)", sentence[number.end : number.end + 20])
    if compound and compound.group(1) not in MEASURES:
        return False  # a compound modifier: "66-page complaint", "28-member bloc"
    if unit in TIME_UNITS or (unit in NON_NEWS_UNITS and number.value < 1000):
        return False
    # Casualties and arrests are news at any size: "two children drowned", "three
    # journalists were arrested", "the attack killed 12".
    countable = unit is not None and unit.endswith("s") and unit not in NON_NEWS_UNITS
    casualty = (
        (countable or unit in CASUALTY_WORDS) and bool(CASUALTY_VERBS.search(sentence))
    ) or (unit is not None and unit in CASUALTY_WORDS - PEOPLE_WORDS)
    if number.vague:
        # "tens of thousands of demonstrators": news when it counts something, and
        # not a speaker's "thousands of our supporters".
        return casualty or (unit is not None and not quoted)
    if casualty:
        return True
    if number.value < 10:
        return False
    if number.spelled and number.value < 100 and unit is None:
        return False
    return unit is not None or number.value >= 1000


# --------------------------------------------------------------------------- public


def find_figures(
    clean: CleanArticle,
    doc: Doc | None,
    mentions: Sequence[Mention],
    nouns: Mapping[tuple[int, int], str] | None = None,
) -> tuple[Figure, ...]:
    """Every number of one article that carries news, with its context. `nouns` is the
    article's `counted_nouns` when they were computed already (with others')."""
    candidates = _candidates(clean)
    if nouns is None:
        nouns = counted_nouns([(clean, doc)])[0]
    figures: list[Figure] = []
    seen: set[tuple[float, str | None]] = set()
    for sentence, offset, line, inside, numbers in candidates:
        for figure in _sentence_figures(sentence, numbers, nouns, offset, line, mentions, inside):
            # A value repeated in one article ("25 percent tariff", "the 25 percent
            # tariffs") is one figure.
            key = (figure.value, figure.unit)
            if key in seen:
                continue
            seen.add(key)
            figures.append(figure)
    return tuple(figures)


_Candidate = tuple[str, int, int, list[tuple[int, int]], list["_Number"]]
"""A sentence with numbers: text, offset in the body, line, its quoted spans, numbers."""


def _candidates(clean: CleanArticle) -> list[_Candidate]:
    """The sentences of the body holding numbers that may be figures."""
    candidates: list[_Candidate] = []
    offsets = clean.block_offsets()
    for block, block_offset in zip(clean.blocks, offsets, strict=True):
        if block.kind == "heading":
            continue
        quoted = _quoted_spans(block.text)
        spans = sentence_spans(block.text)
        for lo, hi in [piece for span in spans for piece in cut_long(block.text, *span)]:
            sentence = block.text[lo:hi]
            numbers = _numbers(sentence)
            if numbers:
                inside = [(a - lo, b - lo) for a, b in quoted if b > lo and a < hi]
                candidates.append((sentence, block_offset + lo, block.line, inside, numbers))
    return candidates


def _noun_requests(candidates: Sequence[_Candidate]) -> list[tuple[int, int]]:
    """Character spans of the numbers whose unit may come from the tags (`_unit` needs
    no noun for money and percentages)."""
    return [
        (offset + number.start, offset + number.end)
        for _sentence, offset, _line, _inside, numbers in candidates
        for number in numbers
        if not number.money and not number.percent
    ]


def _numbers(sentence: str) -> list[_Number]:
    """The numbers of a sentence that may be figures (parsed, not excluded)."""
    found = []
    for match in _NUMBER.finditer(sentence):
        number = _parse(match)
        if number is None:
            continue
        raw = match.group("num") or match.group("word") or ""
        if not _is_excluded(sentence, number, raw):
            found.append(number)
    return found


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraph's quotations (curly or straight double quotes)."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*(?:”|$)", text)]
    if not spans:
        spans = [(m.start(), m.end()) for m in re.finditer(r'"[^"]*(?:"|$)', text)]
    return spans


def _sentence_figures(
    sentence: str,
    numbers: Sequence[_Number],
    units: Mapping[tuple[int, int], str],
    offset: int,
    line: int,
    mentions: Sequence[Mention],
    quoted: Sequence[tuple[int, int]] = (),
) -> list[Figure]:
    found = []
    reporter: str | None = None
    reporter_done = False
    for number in numbers:
        unit = _unit(sentence, number, units.get((offset + number.start, offset + number.end)))
        inside = any(a <= number.start < b for a, b in quoted)
        if not _is_news(sentence, number, unit, inside):
            continue
        if not reporter_done:
            reporter, reporter_done = _reporter(sentence, mentions), True
        qualifier = _qualifier(sentence, number)
        found.append(
            Figure(
                value=number.value,
                text=_figure_text(sentence, number, qualifier, unit),
                unit=unit,
                qualifier=qualifier,
                period=_period(sentence, number),
                reported_by=reporter,
                sentence=sentence,
                line=line,
            )
        )
    return found
