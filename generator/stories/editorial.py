"""The story's text sections as an editor would sign them (issue 17).

`brief_story` picks, across a story's sources, verbatim sentences for

- the *bottom line* (`summary`): up to three sentences that most sources agree on,
  stating the event; no sentence that opens on a reference the reader was never given
  (`Mr. Blinken`, `The decision`, `He`), that names a person by surname alone, that
  carries the outlet's own opinion (`opinion`) or that only tells background;
- *key points*: the news first, then reaction (sentences around a quotation), three to
  six, none that says what the bottom line already says, none that only restates a
  figure of the figures table, nor background or opinion;
- *why it matters* (`context`): background sentences, past events (`is_background`);
- *what's next* (`next`): forward-looking sentences (`is_forward`): scheduled events,
  deadlines, `will`, dates after the article's.

Each is a sentence of a source, verbatim (a leading dateline cut off), so the page can
name the sources that carry it. The part of the page these fill stays within
`WORDS_ABOVE` words (`within_budget`).

Sentence scoring is the article-level scoring of `generator.extract.summarise` (centrality,
position, substance, penalties), plus, across sources, *support* (similarity to a
sentence of each other source) and *agreement* (similarity to each other source's whole
text), then the editorial signals of this module.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from generator import lexicons
from generator.extract.summarise import (
    KEY_POINTS_MAX,
    KEY_POINTS_MIN,
    NEAR_DUPLICATE,
    SUMMARY_SIZE,
    _jaccard,
    _PairSimilarity,
    _penalty,
    _pick_distinct,
    _score_sentences,
    _Scored,
    _support,
    _tfidf_rows,
    split_sentences,
    strip_dateline,
)
from generator.model import Article, Mention
from generator.stories import timeline

# --------------------------------------------------------------------------- signals

QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’")
HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Messrs|Mme|Mlle|Sr|Sra)\.?\s+[A-Z]")
"""`Mr. Blinken traveled…`: a title and a surname, the person never introduced."""
DEMONSTRATIVE = re.compile(r"^(?:This|That|These|Those|Such)\s+[a-z]")
"""`These close meetings demonstrate…`: points back at what the reader has not read."""
PRONOUN = re.compile(
    r"^(?:He|She|It|They|His|Her|Their|Its|Him|Them|We|Our|I)\b|"
    r"^(?:For|On) (?:his|her|their|its) part\b|"
    r"^(?:In|For) (?:this|that|these|those|such) \w+\b|^(?:As a result|To this end|In addition|"
    r"At the same time|Likewise|Similarly|Otherwise|Even so|In turn|In response)\b|"
    r"^(?:But|And|Or|So|Yet|Still|Also|However|Instead|Then|Meanwhile|Later|Moreover|"
    r"Nevertheless|Nonetheless|Furthermore|Besides|Thus|Hence|Therefore)\b"
)
"""A pronoun or a connective that opens a sentence needs the sentence before it."""
DEFINITE = re.compile(
    r"^The\s+(?!(?:two|three|four|five|both|first|second|third|last|next|new|same)\b)"
    r"([a-z][\w’'\-]+)(?=,|\s+(?:is|was|are|were|has|had|comes|came|[a-z]+ed|[a-z]+[^s\W]s)\b)"
)
"""`The decision, which came…`, `The extension reflects…`: a definite description of one
lower-case noun before a comma or a verb, anaphoric when its words (cut to `STEM` letters:
`decided` ~ `decision`) occur earlier in the article."""

LEXICONS: tuple[str, ...] = ("stance_markers",)
"""The word lists of `generator/lexicons/` this module loads (their digests key its cache)."""

STANCE_WORDS = lexicons.load("stance_markers")
"""Hedges and boosters (`lexicons/stance_markers.txt`, after Hyland 2005): in a narrator's
words they are the writer's judgement, not a reported fact."""
FIRST_SECOND_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|you|You|your|Your)\b")
"""The writer speaking as themself or to the reader, outside quotations."""

FORWARD = re.compile(
    r"\b(?:will|shall|planning to|intends? to|"
    r"(?:is|are)(?:\s+(?:also|still|now|\w+ly))?\s+(?:expected|scheduled|due|set|slated)\b|"
    r"next (?:week|month|year)|upcoming|later this (?:week|month|year))\b",
    re.IGNORECASE,
)
"""A narrator's words about what is to come (outside quotations)."""
EARLIER = re.compile(r"\b(?:had|has|have) (?:long|previously|already|earlier)\b", re.IGNORECASE)
"""`has long criticized`, `had previously announced`: the narrator telling background."""
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
BACKGROUND_DAYS = 7
"""A sentence whose dates all lie this many days or more before the article's tells
background, not the news of the day."""


def narration(text: str) -> str:
    """The sentence without its quotations: the words the outlet itself writes."""
    return QUOTED.sub(" ", text)


def opens_on_reference(text: str, earlier: str = "") -> bool:
    """Whether the sentence opens on something the reader was never given: `Mr.
    Blinken`, `He`, `But`, `This decision`, `The decision` (when `earlier`, the text
    before it in its article, introduced the decision)."""
    if HONORIFIC.match(text) or DEMONSTRATIVE.match(text) or PRONOUN.match(text):
        return True
    match = DEFINITE.match(text)
    if match and earlier:
        before = {word[:STEM] for word in timeline.content_words(earlier)}
        return bool({word[:STEM] for word in timeline.content_words(match.group(1))} & before)
    return False


STEM = 4
"""Letters two words share to count as one (`decided`, `decision`)."""


def bare_surnames(text: str, mentions: Sequence[Mention]) -> list[str]:
    """People the sentence names by surname alone (`Biden could face…`) when it does
    not also give the full name."""
    found = []
    for mention in mentions:
        if mention.kind != "person" or len(mention.name.split()) < 2:
            continue
        if mention.name in text:
            continue
        surname = mention.name.split()[-1]
        if len(surname) > 2 and re.search(rf"\b{re.escape(surname)}\b(?!\s+administration)", text):
            found.append(mention.name)
    return found


def opinion(text: str) -> bool:
    """The outlet's own judgement: a hedge or booster (`in what appears to be`), the
    writer's `we`/`you`, an exclamation or a question, outside quotations."""
    own = narration(text)
    words = set(re.findall(r"[a-z]+", own.lower()))
    if words & STANCE_WORDS:
        return True
    if FIRST_SECOND_PERSON.search(own):
        return True
    return "!" in own or own.rstrip().endswith("?")


def _dates(text: str, reference: datetime.date | None) -> list[datetime.date]:
    return [match.date for match in timeline.find_dates(narration(text), reference)]


def is_background(text: str, reference: datetime.date | None) -> bool:
    """Past events: every date the narrator gives lies a week or more before the
    article (`traveled to Mexico City on December 27`), an earlier year is named, or
    the narrator says it happened long or earlier (`has long criticized`)."""
    own = narration(text)
    if FORWARD.search(own):
        return False
    if reference is not None:
        dates = _dates(text, reference)
        if dates:
            return all((reference - date).days >= BACKGROUND_DAYS for date in dates)
        if any(int(year) < reference.year for year in YEAR.findall(own)):
            return True
    return bool(EARLIER.search(own))


def is_forward(text: str, reference: datetime.date | None) -> bool:
    """What is to come: a date after the article's, or the narrator's future tense,
    schedule or deadline."""
    if reference is not None and any(date > reference for date in _dates(text, reference)):
        return True
    return bool(FORWARD.search(narration(text)))


def is_reaction(text: str) -> bool:
    """A sentence built around a quotation: what someone said of the news."""
    quoted = sum(len(match.group(0)) for match in QUOTED.finditer(text))
    return quoted >= 0.25 * len(text)


# --------------------------------------------------------------------------- selection

STORY_CANDIDATES = 12
"""Best sentences per source that compete for the story's sections (bounds the work)."""
STORY_SUPPORT_WEIGHT = 1.5
STORY_DUPLICATE = 0.35
"""TF-IDF cosine above which two sentences of different sources say the same thing."""
SUMMARY_DUPLICATE = 0.25
"""TF-IDF cosine above which two sentences of the bottom line tell one event twice: lower
than `STORY_DUPLICATE`, so the bottom line says the event once. On the large development
corpus mean ROUGE-1 rose from 0.4117 (at 0.35) to 0.4150, ROUGE-2 0.1605 -> 0.1622."""
STORY_SAME_FACT = 0.22
"""Key points must each add something: a lower bar than `STORY_DUPLICATE`."""
STORY_PENALTY_WEIGHT = 0.1
"""How much a sentence's unfitness (`_penalty`) lowers its agreement in the summary."""
STORY_LEAD_BONUS = 0.06
"""Added to a source's first candidate sentence in the story summary: news states its
event first. The summary is otherwise chosen by agreement with the other sources: on the
large development corpus (`./dev eval`, 150 AllSides events against the editors'
roundups) ROUGE-1 rose from 1.05 to 1.11 times LEAD-3 with the events grouped right."""
UNINTRODUCED_WEIGHT = 0.06
"""Lowers a summary candidate that opens on a reference the reader was never given."""
SURNAME_WEIGHT = 0.02
"""Lowers a summary candidate for each person it names by surname only."""
OPINION_WEIGHT = 0.08
BACKGROUND_WEIGHT = 0.03
"""Lower a summary candidate that carries the outlet's opinion, or tells background. The
four weights were set on the large development corpus: twice these cost 0.0025 of mean
ROUGE-1 against the editors' roundups; these keep it (0.4117, was 0.4115)."""
CONTEXT_MAX = 2
NEXT_MAX = 2
WORDS_ABOVE = 310
"""Words of the bottom line, key points, why it matters and what's next together: with
the title, byline, headings and source labels the top of the page stays under 400 words."""


@dataclass(frozen=True, slots=True)
class Brief:
    summary: tuple[str, ...] = ()
    key_points: tuple[tuple[str, str], ...] = ()  # (source file, sentence)
    context: tuple[str, ...] = ()
    next: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Row:
    source: str
    article: int
    text: str
    score: float
    unintroduced: bool
    surnames: int
    opinion: bool
    background: bool
    forward: bool
    figure: bool


def summarise_story(
    articles: Sequence[Article],
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """(summary sentences, key points as (source file, sentence)) across a story."""
    brief = brief_story(articles)
    return brief.summary, brief.key_points


def _rows(ordered: Sequence[Article]) -> tuple[list[_Row], set[int]]:
    rows: list[_Row] = []
    firsts: set[int] = set()  # each source's first candidate (rows index)
    for number, article in enumerate(ordered):
        sentences = article.sentences or split_sentences(article.clean, None)
        texts = [strip_dateline(sentence.text) for sentence in sentences]
        headline = article.meta.title or article.clean.headline or ""
        candidates = [
            item
            for item in _score_sentences(texts, headline, article.mentions, article.figures)
            if _penalty(item.text, headline) < 3.0
        ]
        candidates.sort(key=lambda item: (-item.score, item.index))
        figure_sentences = {strip_dateline(figure.sentence) for figure in article.figures}
        reference = article.meta.date
        for rank, item in enumerate(sorted(candidates[:STORY_CANDIDATES], key=lambda i: i.index)):
            if rank == 0:
                firsts.add(len(rows))
            earlier = " ".join(texts[: item.index])
            rows.append(
                _Row(
                    source=str(article.source),
                    article=number,
                    text=item.text,
                    score=item.score,
                    unintroduced=opens_on_reference(item.text, earlier),
                    surnames=len(bare_surnames(item.text, article.mentions)),
                    opinion=opinion(item.text),
                    background=is_background(item.text, reference),
                    forward=is_forward(item.text, reference),
                    figure=item.text in figure_sentences,
                )
            )
    return rows, firsts


def brief_story(articles: Sequence[Article]) -> Brief:
    """The story's bottom line, key points, context and what's next (see the module).

    Articles are read in the order given: the story's order (date, then content), which
    renaming files does not change.
    """
    ordered = list(articles)
    if not ordered:
        return Brief()
    rows, firsts = _rows(ordered)
    if not rows:
        return Brief()
    # One matrix: the candidates, then each source's whole text (headline and sentences).
    whole = [
        " ".join(
            [article.meta.title or ""]
            + [s.text for s in (article.sentences or split_sentences(article.clean, None))]
        )
        for article in ordered
    ]
    matrix = _tfidf_rows([row.text for row in rows] + whole)
    owners = np.array([row.article for row in rows])  # ascending: `_rows` reads in order
    similarity = _PairSimilarity(matrix, len(rows))
    support, to_others = _support(matrix, owners, len(ordered))
    scored = [
        _Scored(row.score + STORY_SUPPORT_WEIGHT * float(support[i]), i, row.text)
        for i, row in enumerate(rows)
    ]

    def similar(a: _Scored, b: _Scored) -> bool:
        return bool(similarity(a.index, b.index) > STORY_DUPLICATE) or (
            _jaccard(a.text, b.text) > NEAR_DUPLICATE
        )

    def same_event(a: _Scored, b: _Scored) -> bool:
        return bool(similarity(a.index, b.index) > SUMMARY_DUPLICATE) or similar(a, b)

    def same_fact(a: _Scored, b: _Scored) -> bool:
        return bool(similarity(a.index, b.index) > STORY_SAME_FACT) or similar(a, b)

    def editorial(i: int) -> float:
        row = rows[i]
        return (
            UNINTRODUCED_WEIGHT * row.unintroduced
            + SURNAME_WEIGHT * min(row.surnames, 2)
            + OPINION_WEIGHT * row.opinion
            + BACKGROUND_WEIGHT * row.background
        )

    if len(ordered) > 1:
        # What the other sources say too: each candidate's similarity to the whole text
        # of every other source, averaged; a source's opening sentence a little more, a
        # sentence unfit to stand alone (`_penalty`) or to open a briefing less.
        others = to_others
        agreement = [
            _Scored(
                float(others[i]) / (len(ordered) - 1)
                + (STORY_LEAD_BONUS if i in firsts else 0.0)
                - STORY_PENALTY_WEIGHT * _penalty(row.text, "")
                - editorial(i),
                i,
                row.text,
            )
            for i, row in enumerate(rows)
        ]
        summary_items = _pick_distinct(agreement, SUMMARY_SIZE, [], same_event)
        chosen = {item.index for item in summary_items}
        summary_items = [item for item in scored if item.index in chosen]
    else:
        fit = [
            dataclasses.replace(item, score=item.score - editorial(item.index)) for item in scored
        ]
        summary_items = _pick_distinct(fit, SUMMARY_SIZE, [], same_fact)
        top = summary_items[0].score if summary_items else 0.0
        summary_items = [
            item for n, item in enumerate(summary_items) if n == 0 or item.score >= top - 0.8
        ]
    # The event first: a sentence built around someone's words (reaction) comes after.
    summary_items.sort(
        key=lambda item: (is_reaction(item.text), rows[item.index].article, item.index)
    )
    summary_set = {item.index for item in summary_items}
    rest = [item for item in scored if item.index not in summary_set]

    def plain(item: _Scored) -> bool:
        """Fit for any list: not the outlet's opinion, not opening on a reference the
        reader was never given, not only background."""
        row = rows[item.index]
        return not (row.opinion or row.unintroduced or row.background)

    def news(item: _Scored) -> bool:
        row = rows[item.index]
        return not (row.background or row.opinion or row.figure or row.unintroduced)

    # What's next first: a forward-looking sentence belongs there, not among the points.
    coming = _pick_distinct(
        [i for i in rest if rows[i.index].forward and plain(i) and not rows[i.index].figure],
        NEXT_MAX,
        summary_items,
        same_fact,
    )
    rest = [item for item in rest if item not in coming]
    points = _introduced_first(
        [i for i in rest if news(i)], summary_items, same_fact, rows, ordered
    )
    context = _pick_distinct(
        [
            i
            for i in rest
            if rows[i.index].background
            and not (rows[i.index].opinion or rows[i.index].unintroduced or rows[i.index].figure)
        ],
        CONTEXT_MAX,
        [*summary_items, *coming, *points],
        same_fact,
    )
    if len(points) < KEY_POINTS_MIN:  # too few news points: any fit sentence left
        extra = [
            i
            for i in rest
            if not (rows[i.index].opinion or rows[i.index].background)
            and i not in points
            and i not in context
        ]
        points += _pick_distinct(
            extra, KEY_POINTS_MIN - len(points), [*summary_items, *points, *context], same_fact
        )
    # The news first, then reaction (sentences around a quotation), each by score.
    points.sort(key=lambda item: (is_reaction(item.text), -item.score, item.index))
    sections = within_budget(
        [item.text for item in summary_items],
        [item.text for item in points],
        [item.text for item in context],
        [item.text for item in coming],
    )
    kept_points = [item for item in points if item.text in sections[1]]
    return Brief(
        summary=tuple(sections[0]),
        key_points=tuple((rows[item.index].source, item.text) for item in kept_points),
        context=tuple(sections[2]),
        next=tuple(sections[3]),
    )


def _introduced_first(
    candidates: Sequence[_Scored],
    summary: Sequence[_Scored],
    same_fact: Callable[[_Scored, _Scored], bool],
    rows: Sequence[_Row],
    ordered: Sequence[Article],
) -> list[_Scored]:
    """Key points, best first, taking a point that names someone by surname only
    (`Biden could…`) once the bottom line or a point taken before gives the full name,
    or when nothing better is left."""
    chosen: list[_Scored] = []
    waiting = sorted(candidates, key=lambda s: (-s.score, s.index))
    said = " ".join(item.text for item in summary)
    for strict in (True, False):
        for item in waiting:
            if len(chosen) >= KEY_POINTS_MAX:
                break
            if item in chosen or any(same_fact(item, other) for other in [*summary, *chosen]):
                continue
            mentions = ordered[rows[item.index].article].mentions
            if strict and any(name not in said for name in bare_surnames(item.text, mentions)):
                continue
            chosen.append(item)
            said += " " + item.text
    return chosen


def words(texts: Sequence[str]) -> int:
    return sum(len(text.split()) for text in texts)


def within_budget(
    summary: list[str], points: list[str], context: list[str], coming: list[str]
) -> tuple[list[str], list[str], list[str], list[str]]:
    """Drop the last key points (down to `KEY_POINTS_MIN`), then the second context and
    next sentences, until the four sections fit in `WORDS_ABOVE` words."""
    points, context, coming = list(points), list(context), list(coming)

    def total() -> int:
        return words(summary) + words(points) + words(context) + words(coming)

    while total() > WORDS_ABOVE and len(points) > KEY_POINTS_MIN:
        points.pop()
    while total() > WORDS_ABOVE and (len(context) > 1 or len(coming) > 1):
        (context if len(context) >= len(coming) else coming).pop()
    while total() > WORDS_ABOVE and len(points) > 1:
        points.pop()
    return summary, points, context, coming


# --------------------------------------------------------------------------- figures

WHAT_LIMIT = 110
"""Characters of a figure's `what`: the clause of its sentence that says what it counts."""
LAST_MONTH = re.compile(r"^(?:last|this past)\s+(?P<month>[A-Z][a-z]+)\.?$", re.IGNORECASE)


def figure_what(text: str, sentence: str) -> str | None:
    """What a figure counts, in its sentence's words: the clause that holds it, cut to
    `WHAT_LIMIT` characters around it (`Authorities intercepted migrants and asylum
    seekers at the border with Mexico more than 242,000 times last November`)."""
    sentence = strip_dateline(" ".join(sentence.split()))
    at = sentence.find(text)
    if at < 0 or not text:
        return None
    clause = timeline.clause_around(sentence, at, at + len(text))
    clause = " ".join(clause.split()).strip(" ,;:—–-")
    at = clause.find(text)
    if at < 0:
        return None
    if len(clause) > WHAT_LIMIT:
        clause = timeline.window(clause, at, at + len(text), WHAT_LIMIT)
    return clause if clause.strip("…") != text else None


def resolve_period(period: str | None, reference: datetime.date | None) -> str | None:
    """A relative period with the date it names against the article's date: `Last
    Friday` -> `Last Friday (12 January 2024)`, `last November` -> `last November
    (November 2023)`; other periods as written."""
    if period is None or reference is None:
        return period
    month = LAST_MONTH.match(period.strip())
    if month and month.group("month").lower() in timeline.MONTHS:
        number = timeline.MONTHS[month.group("month").lower()]
        year = reference.year if number < reference.month else reference.year - 1
        return f"{period} ({datetime.date(year, number, 1):%B %Y})"
    if YEAR.search(period):
        return period
    found = timeline.find_dates(period, reference)
    if len(found) == 1 and found[0].precision == "day" and found[0].date != reference:
        date = found[0].date
        return f"{period} ({date.day} {date:%B %Y})"
    return period


# --------------------------------------------------------------------------- quotes

STATEMENT_WORDS = 6
"""Words from which a quotation can be a statement rather than a fragment."""
SUBJECT_OPENING = lexicons.words("i we you he she it they there this that these those")
DETERMINERS = lexicons.words("a an the this that these those our their his her its my your no")
SAME_REMARK = 0.6
"""Share of a quotation's content words found in another quotation of the same speaker
from which it is a piece of that remark (a source cut it in two, or worded it anew)."""


def is_statement(text: str) -> bool:
    """A full statement (a clause with its verb, `STATEMENT_WORDS` words or more) rather
    than a fragment the narrator quotes inside a sentence (`in the fight`, `show
    solidarity with them`): it opens with a capital, with a subject pronoun (`we want
    to…`), or with a verb in `-s`/`-ed` before a determiner (`opens an important…`)."""
    tokens = re.findall(r"[\w’'\-]+", text)
    if len(tokens) < STATEMENT_WORDS:
        return False
    first = tokens[0]
    if first[0].isupper():
        return True
    if first.lower() in SUBJECT_OPENING:
        return True
    verb = re.fullmatch(r"[a-z]+(?:[^s]s|ed)", first)
    return bool(verb) and tokens[1].lower() in DETERMINERS


def same_remark(text: str, other: str) -> bool:
    """Whether `text` is a piece of the remark `other` (most of its content words are in
    it): one remark listed once."""
    mine = timeline.content_words(text)
    if not mine:
        return False
    return len(mine & timeline.content_words(other)) >= SAME_REMARK * len(mine)
