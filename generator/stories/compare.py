"""Story -> Briefing: what the sources say together, and where they differ.

- **Order and title.** A story's articles keep the order grouping gave them (date, then
  content; see `group.article_order`), so renaming files changes nothing; the title is
  the founding article's headline, the one the story id's slug comes from.
- **Dates.** An undated article in a dated story takes the story's date, marked
  `inferred` (its `date_basis`).
- **Quotes** (`merge_quotes`): the same words in several sources, often in two
  translations, are one quote listing each source and each wording. Two quotes match
  when their speakers agree (or one is unknown, or both are described sources such as
  "a US official") and their wordings are close (rapidfuzz, `QUOTE_MATCH`); a short
  fragment must appear inside the other wording. Long wordings that are nearly the same
  (`SAME_WORDS`) are one quote even when a source names another speaker: the speaker of
  the earlier source in story order is kept.
- **Figures** (`merge_figures`): one value with one unit from several sources is one
  figure. The same quantity reported with different numbers is a `Disagreement`: same
  unit, other value, from different sources, and closely matching sentences (or the
  same period and the same reporter).
- **Coverage** (`coverage`): one row per source with what only it reports: figures,
  quotes, people, and its key sentences that have no counterpart in any other source.
- **Related** (`relate`): other stories that share people and places that few stories
  carry, ranked by their rarity: a name most stories carry relates nothing.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

from rapidfuzz import fuzz, process

from generator.extract import entities, summarise
from generator.extract import figures as figures_module
from generator.lexicons import fold
from generator.model import (
    Article,
    Briefing,
    Coverage,
    Disagreement,
    Figure,
    Quote,
    Story,
    StoryEntity,
    StoryFigure,
    StoryQuote,
    TimelineEntry,
)
from generator.stories import editorial, reports, timeline
from generator.stories import outlets as outlet_names
from generator.stories.group import article_order

QUOTE_MATCH = 72.0
"""rapidfuzz score (0-100) above which two quotes are one quote in two wordings."""
SHORT_QUOTE_WORDS = 4
"""A quote of fewer words matches another only when it appears inside it."""
SAME_WORDS = 88.0
"""Wordings this close (and at least `LONG_QUOTE_WORDS` long) are one utterance even when
the sources name different speakers: one of them misattributes it."""
LONG_QUOTE_WORDS = 8

SAME_SENTENCE = 0.25
"""Share of content words (Jaccard) from which a sentence has a counterpart elsewhere."""
SAME_QUANTITY = 0.30
"""Share of content words of two figures' sentences from which they measure one thing."""
KEY_SENTENCES = 3
"""Sentences only one source carries, listed per coverage row."""
ONLY_QUOTES = 12
SENTENCE_MIN_WORDS = 8
ADD_LIMIT = 160
FIGURE_CONTEXT = 100

RELATED_LIMIT = 5
RELATED_MIN_SHARED = 2
RELATED_MAX_SHARE = 0.5
"""A name carried by more than this share of the stories (at least 2) relates nothing."""


def compare_story(story: Story, registry: outlet_names.Registry | None = None) -> Briefing:
    """Everything one briefing page shows about a story; `registry`: the outlets known
    (the shipped ones by default)."""
    registry = registry or outlet_names.Registry(outlet_names.shipped())
    founder = min(story.articles, key=article_order)
    identities = outlet_names.identify_all(story.articles, registry)
    articles = outlet_names.apply(with_inferred_dates(story.articles), identities)
    story = dataclasses.replace(story, articles=articles)
    position = {str(article.source): index for index, article in enumerate(articles)}
    resolved = tuple(
        dataclasses.replace(
            entity, sources=tuple(sorted(entity.sources, key=lambda s: position.get(s, 0)))
        )
        for entity in entities.resolve_story_entities(articles)
    )
    canonical = alias_index(resolved)
    resolved = not_outlets(resolved, articles, registry)
    quotes = merge_quotes(articles, canonical)
    found_reports = reports.find_reports(articles, identities, quotes, registry)
    independent = {s: n for n, r in enumerate(found_reports) for s in r.sources}
    figures, disagreements = merge_figures(articles, independent)
    events = timeline.story_timeline(articles)
    disagreements += conflicting_dates(events, independent)
    disagreements += conflicting_quotes(quotes, independent)
    brief = editorial.brief_story(articles)
    dates = [a.meta.date for a in articles if a.meta.date is not None]
    updates = [d for a in articles for d in (a.meta.updated, a.meta.date) if d is not None]
    return Briefing(
        story=story,
        title=founder.meta.title,
        date=min(dates) if dates else datetime.date.min,
        updated=max(updates) if updates and max(updates) != min(dates or updates) else None,
        summary=brief.summary,
        key_points=tuple(sentence for _source, sentence in brief.key_points),
        people=tuple(entity for entity in resolved if entity.kind == "person"),
        places=tuple(entity for entity in resolved if entity.kind == "place"),
        organisations=tuple(entity for entity in resolved if entity.kind == "organisation"),
        figures=figures,
        disagreements=disagreements,
        quotes=quotes,
        timeline=events,
        coverage=coverage(articles, quotes, figures, resolved),
        tags=summarise.find_tags(articles),
        outlets=identities,
        reports=found_reports,
        framing=reports.framing(articles, found_reports, resolved, figures, identities),
        context=brief.context,
        next=brief.next,
    )


def not_outlets(
    resolved: Sequence[StoryEntity], articles: Sequence[Article], registry: outlet_names.Registry
) -> tuple[StoryEntity, ...]:
    """The story's entities without the news outlets and agencies that only report it
    (`AFP`, the `Wall Street Journal` a source cites): an outlet stays when a headline
    names it, the story being about it."""
    headlines = " ".join(fold(article.meta.title or "") for article in articles)

    def outlet(entity: StoryEntity) -> bool:
        if entity.kind != "organisation":
            return False
        names = (entity.name, *entity.aliases)
        if not any(registry.by_name(name) for name in names):
            return False
        return not any(re.search(rf"\b{re.escape(fold(name))}\b", headlines) for name in names)

    return tuple(entity for entity in resolved if not outlet(entity))


def with_inferred_dates(articles: Sequence[Article]) -> tuple[Article, ...]:
    """An undated article in a dated story takes the story's date, marked `inferred`.

    The order of the articles is kept.
    """
    dates = [a.meta.date for a in articles if a.meta.date is not None]
    if not dates:
        return tuple(articles)
    inferred = min(dates)
    result = []
    for article in articles:
        if article.meta.date is None:
            meta = dataclasses.replace(article.meta, date=inferred, date_basis="inferred")
            article = dataclasses.replace(article, meta=meta)
        result.append(article)
    return tuple(result)


@functools.lru_cache(maxsize=1 << 16)
def fold_name(name: str) -> str:
    """`fold` of a person's or place's name (remembered: `relate` folds every name of
    every briefing on each run)."""
    return fold(name)


WORD = re.compile(r"[a-z0-9]+")
STOP_WORDS = timeline.STOP_WORDS


def content_words(text: str) -> frozenset[str]:
    """Words that carry meaning, cut to 5 letters so that `Mexico` meets `Mexican`."""
    return timeline.content_words(text)


def jaccard(left: frozenset[str], right: frozenset[str]) -> float:
    return timeline.similarity(left, right)


# --------------------------------------------------------------------------- quotes


def alias_index(resolved: Sequence[StoryEntity]) -> dict[str, str]:
    """Folded name or alias -> canonical name, for resolving speakers across sources."""
    index: dict[str, str] = {}
    for entity in resolved:
        for name in (entity.name, *entity.aliases):
            index.setdefault(fold(name), entity.name)
    return index


def canonical_speaker(quote: Quote, canonical: Mapping[str, str]) -> str | None:
    if quote.speaker is None or quote.speaker_kind != "person":
        return quote.speaker
    return canonical.get(fold(quote.speaker), quote.speaker)


def quote_similarity(left: str, right: str) -> float:
    """0-100: how likely two wordings are one utterance (translations, cuts, fragments)."""
    return folded_similarity(fold(left), fold(right))


def folded_similarity(a: str, b: str) -> float:
    """`quote_similarity` of two wordings already folded (`fold` gives them back as they
    are)."""
    if a == b:
        return 100.0
    words = min(len(WORD.findall(a)), len(WORD.findall(b)))
    if words < SHORT_QUOTE_WORDS:
        short, long = sorted((a, b), key=len)
        return 100.0 if re.search(r"\b" + re.escape(short) + r"\b", long) else 0.0
    return float(max(fuzz.token_set_ratio(a, b), fuzz.partial_ratio(a, b)))


def speakers_agree(
    left: str | None, left_kind: str | None, right: str | None, right_kind: str | None
) -> bool:
    if left is None or right is None or left == right:
        return True
    return left_kind == "described" and right_kind == "described"


class _Wordings:
    """The story's folded wordings, each once, and for each the others it scores at least
    `QUOTE_MATCH` with (`folded_similarity`, in that order of arguments).

    Hundreds of sources of one story quote the same few utterances in the same few
    wordings, so each pair of distinct wordings is scored once, however many quotes carry
    them. The wordings of four words or more are first sifted by rapidfuzz's own loop
    with `score_cutoff` (it returns every wording that reaches the cutoff, by either
    scorer); only those are scored in full.
    """

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.number: dict[str, int] = {}
        self.long: list[int] = []  # wordings of SHORT_QUOTE_WORDS words or more
        self.short: list[int] = []
        self.close: dict[int, dict[int, float]] = {}
        self.checked: dict[int, int] = {}  # wording -> wordings scored against it so far

    def add(self, folded: str) -> int:
        known = self.number.get(folded)
        if known is not None:
            return known
        index = self.number[folded] = len(self.texts)
        self.texts.append(folded)
        is_long = len(WORD.findall(folded)) >= SHORT_QUOTE_WORDS
        (self.long if is_long else self.short).append(index)
        self.close[index] = {}
        self.checked[index] = 0
        return index

    def near(self, index: int) -> dict[int, float]:
        """Wordings (by number) scoring `QUOTE_MATCH` or more with this one, itself too."""
        start, end = self.checked[index], len(self.texts)
        if start == end:
            return self.close[index]
        text, close = self.texts[index], self.close[index]
        if len(WORD.findall(text)) < SHORT_QUOTE_WORDS:
            tried: Iterable[int] = range(start, end)
        else:
            long = [other for other in self.long if start <= other < end]
            texts = [self.texts[other] for other in long]
            sifted: set[int] = {index} if start <= index < end else set()
            for scorer in (fuzz.token_set_ratio, fuzz.partial_ratio):
                found = process.extract(
                    text, texts, scorer=scorer, score_cutoff=QUOTE_MATCH, limit=None
                )
                sifted.update(long[at] for _text, _score, at in found)
            tried = sorted(sifted | {other for other in self.short if start <= other < end})
        for other in tried:
            score = folded_similarity(text, self.texts[other])
            if score >= QUOTE_MATCH:
                close[other] = score
        self.checked[index] = end
        return close


def merge_quotes(
    articles: Sequence[Article], canonical: Mapping[str, str]
) -> tuple[StoryQuote, ...]:
    """One StoryQuote per utterance; wordings from several sources merged.

    Quotes are read in story order; each joins the best-matching quote already seen from
    other sources, or starts a new one. The fullest wording is the quote's text.

    Only the quotes that hold a wording scoring `QUOTE_MATCH` or more with this one are
    looked at (`_Wordings`): any other scores less with each of its wordings, so could
    neither take this quote nor be one the same source repeats word for word. Work grows
    with the distinct wordings of the story and the quotes close to each, not with the
    square of its quotes.
    """
    merged: list[StoryQuote] = []
    wordings = _Wordings()
    holders: dict[int, set[int]] = {}  # wording -> merged quotes that have it as a variant
    for article in articles:
        source = str(article.source)
        for quote in article.quotes:
            speaker = canonical_speaker(quote, canonical)
            mine = wordings.add(fold(quote.text))
            scores: dict[int, float] = {}  # merged quote -> its best wording's score
            for wording, score in wordings.near(mine).items():
                for index in holders.get(wording, ()):
                    scores[index] = max(score, scores.get(index, score))
            best, best_score = -1, QUOTE_MATCH
            for index in sorted(scores):
                existing = merged[index]
                agree = speakers_agree(
                    existing.speaker, existing.speaker_kind, speaker, quote.speaker_kind
                )
                if source in existing.sources:
                    if not agree:
                        continue
                    # The same source repeating itself word for word: one quote.
                    if index in holders.get(mine, ()):
                        best, best_score = index, 101.0
                    continue
                score = scores[index]
                if not agree and (
                    score < SAME_WORDS or len(WORD.findall(quote.text)) < LONG_QUOTE_WORDS
                ):
                    continue
                if score >= best_score and (best < 0 or score > best_score):
                    best, best_score = index, score
            if best < 0:
                holders.setdefault(mine, set()).add(len(merged))
                merged.append(
                    StoryQuote(
                        speaker, quote.speaker_kind, quote.text, (source,), ((source, quote.text),)
                    )
                )
                continue
            existing = merged[best]
            if source in existing.sources:
                continue
            holders.setdefault(mine, set()).add(best)
            keep_speaker = existing.speaker or speaker
            merged[best] = StoryQuote(
                speaker=keep_speaker,
                speaker_kind=existing.speaker_kind if existing.speaker else quote.speaker_kind,
                text=max(existing.text, quote.text, key=len),
                sources=(*existing.sources, source),
                variants=(*existing.variants, (source, quote.text)),
            )
    return tuple(merged)


# --------------------------------------------------------------------------- figures


def unit_key(unit: str | None) -> str:
    word = fold(unit or "")
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def figure_key(value: float, unit: str | None) -> tuple[float, str]:
    return (round(value, 6), unit_key(unit))


def story_figure(
    figure: Figure, source: str, reference: datetime.date | None = None
) -> StoryFigure:
    """A source's figure in the story: its period resolved against the article's date
    (`reference`), and what it counts (`editorial.figure_what`)."""
    return StoryFigure(
        value=figure.value,
        text=figure.text,
        unit=figure.unit,
        qualifier=figure.qualifier,
        period=editorial.resolve_period(figure.period, reference),
        reported_by=figure.reported_by,
        sentence=figure.sentence,
        sources=(source,),
        what=editorial.figure_what(figure.text, figure.sentence),
    )


def merge_figures(
    articles: Sequence[Article], independent: Mapping[str, int] | None = None
) -> tuple[tuple[StoryFigure, ...], tuple[Disagreement, ...]]:
    """Same value and unit across sources -> one figure; same quantity, other value ->
    flagged when the sources are independent reports (`independent`: source -> report;
    None: every source its own)."""
    merged: dict[tuple[float, str], StoryFigure] = {}
    for article in articles:
        source = str(article.source)
        for figure in article.figures:
            key = figure_key(figure.value, figure.unit)
            known = merged.get(key)
            if known is None:
                merged[key] = story_figure(figure, source, article.meta.date)
            elif source not in known.sources:
                merged[key] = dataclasses.replace(
                    known,
                    sources=(*known.sources, source),
                    period=known.period
                    or editorial.resolve_period(figure.period, article.meta.date),
                    what=known.what or editorial.figure_what(figure.text, figure.sentence),
                    reported_by=known.reported_by or figure.reported_by,
                )
    figures = tuple(merged.values())
    order = [str(article.source) for article in articles]
    return figures, find_disagreements(figures, order, independent)


MEASURE_UNITS = frozenset(
    {"%", "percent", "per cent", "percentage point", "percentage points"}
    | {*figures_module.TIME_UNITS, *figures_module.MEASURES}
    | {fold(unit) for unit in figures_module.CURRENCIES.values()}
    | {fold(unit) for unit in figures_module.CURRENCY_WORDS.values()}
)
"""Units of measure, time and money (the figure extractor's own lists): many different
quantities of one story share them, so a shared unit alone says nothing."""
VAGUE = re.compile(
    r"^(?:(?:tens|hundreds|thousands|millions|billions|dozens|scores) of|a dozen|several|"
    r"a few|a handful|(?:a )?couple)\b",
    re.I,
)
"""`tens of thousands of files`, `a dozen people`: an order of magnitude, which no count
contradicts."""
TALLY = re.compile(r"\d\s*[-–]\s*\d")
"""`a 396-9 vote`: a tally, not a count."""
FAR_APART = 10.0
"""Two values more than this many times apart are two quantities, however alike their
sentences (`20 million doses` given to one country, `1.6 billion doses` in all)."""
LOWER_BOUNDS = frozenset(
    {"more than", "at least", "over", "just over", "upwards of", "no fewer than", "no less than"}
)
UPPER_BOUNDS = frozenset(
    {
        "less than",
        "fewer than",
        "at most",
        "up to",
        "as many as",
        "as much as",
        "under",
        "just under",
        "nearly",
        "almost",
        "close to",
    }
)
ROUGH = 0.1
"""`about 2,000` covers 10% either side; `nearly 139 million`, down to 10% below."""
BOUND = 0.25
"""`more than 400` is read as 400 to 500: a reporter who knew of 540 would say so."""


def interval(figure: StoryFigure) -> tuple[float, float]:
    """The values a figure allows, read from its qualifier (`more than 180`: 180 to 225)."""
    value, qualifier = abs(figure.value), fold(figure.qualifier or "")
    if qualifier in LOWER_BOUNDS:
        return value, value * (1 + BOUND)
    if qualifier in {"nearly", "almost", "close to", "just under"}:
        return value * (1 - ROUGH), value
    if qualifier in UPPER_BOUNDS:
        return 0.0, value
    if qualifier and qualifier != "record":
        return value * (1 - ROUGH), value * (1 + ROUGH)
    return value, value


def compatible(left: StoryFigure, right: StoryFigure) -> bool:
    """Values that can both be true (`at least 150` and `more than 180`)."""
    (a_low, a_high), (b_low, b_high) = interval(left), interval(right)
    return a_low <= b_high and b_low <= a_high


def comparable(figure: StoryFigure) -> bool:
    """A figure that can contradict another: not an order of magnitude, not a tally, and
    not a number glued to a word or a number (`COVID-19 vaccine` read as `19 vaccine`,
    `a 67-32 vote` as `32 vote`)."""
    text = figure.text.strip()
    if VAGUE.match(text) or TALLY.search(text):
        return False
    number = re.match(r"\D*?(\d[\d,.]*)", text)
    glued = number and re.search(rf"\w[-–]{re.escape(number.group(1))}\b", figure.sentence)
    return not glued


GENERIC_COUNTS = frozenset({"people", "persons", "person", "times"}) | frozenset(
    figures_module.PEOPLE_WORDS
)
"""Counted nouns (the figure extractor's words for people) that many quantities share."""
SOLE_RATIO = 3.0
"""Two sole counts of one unit are one quantity only if neither is more than this many
times the other: reports of one count differ by a few times at most; `2,000 residents
evacuated` and `40 residents on a bus` are two things."""


def close_values(left: float, right: float) -> bool:
    low, high = sorted((abs(left), abs(right)))
    return low > 0 and high / low <= SOLE_RATIO


def counted(figure: StoryFigure) -> bool:
    """A count of things (`55,000 files`): not a measure, not people in general (many
    counts of one story are of people)."""
    unit = fold(figure.unit or "")
    return bool(unit) and unit not in MEASURE_UNITS and unit not in GENERIC_COUNTS


def same_quantity(
    left: StoryFigure,
    right: StoryFigure,
    independent: Mapping[str, int] | None = None,
    sole: bool = False,
) -> bool:
    """Two figures that give one quantity different values, in independent reports.

    Same unit, other value, each reported by a report the other is not, and sentences
    that say the same thing (`SAME_QUANTITY` of their content words), or the same period
    and the same reporter, or (`sole`) both are the only exact count of things of that
    unit in their sources (`55,000 files` in one, `100,000 secret files` in another) and
    `close_values`. A
    period alone ("last year") or a measure alone ("percent") is not enough: one article
    gives many figures of one year in one unit.
    """
    if not left.unit or unit_key(left.unit) != unit_key(right.unit) or left.value == right.value:
        return False
    if not (comparable(left) and comparable(right)) or compatible(left, right):
        return False
    low, high = sorted((abs(left.value), abs(right.value)))
    if low == 0 or high / low > FAR_APART:
        return False
    if independent is None:
        mine, theirs = set(left.sources), set(right.sources)
    else:
        mine = {str(independent.get(s, s)) for s in left.sources}
        theirs = {str(independent.get(s, s)) for s in right.sources}
    if not (mine - theirs and theirs - mine):
        return False
    if jaccard(content_words(left.sentence), content_words(right.sentence)) >= SAME_QUANTITY:
        return True
    if sole and counted(left) and counted(right) and close_values(left.value, right.value):
        return True
    return bool(
        left.period
        and right.period
        and left.reported_by
        and right.reported_by
        and fold(left.period) == fold(right.period)
        and fold(left.reported_by) == fold(right.reported_by)
    )


def sole_counts(figures: Sequence[StoryFigure], members: Sequence[int]) -> list[int]:
    """Of `members` (the figures of one unit), those that are the only exact count of
    things of that unit in each of their sources: such counts may be one quantity even in
    sentences worded apart (`same_quantity`'s `sole`)."""
    exact = [i for i in members if counted(figures[i]) and comparable(figures[i])]
    per_source = Counter(source for i in exact for source in figures[i].sources)
    return [i for i in exact if all(per_source[s] == 1 for s in figures[i].sources)]


def _quantity_pairs(
    figures: Sequence[StoryFigure], independent: Mapping[str, int] | None = None
) -> Iterator[tuple[int, int]]:
    """Every (i, j), i < j, with `same_quantity(figures[i], figures[j], independent,
    sole)` (`sole`: both in `sole_counts`), without trying every pair: only figures of one
    unit, from other sources, that share one of the rarest words of their sentences (the
    prefixes of `Counterparts`: else their similarity is below `SAME_QUANTITY`) or their
    period and reporter; or two sole counts of the unit whose
    values are `close_values` (at most one a source, so these pairs grow with the sources
    of the unit, not with its figures). Work grows with the pairs that could be one
    quantity, not with the square of the figures (one article's figures never pair: they
    come from one source)."""
    Index = dict[object, dict[tuple[str, ...], list[int]]]
    buckets: dict[str, list[int]] = {}
    for index, figure in enumerate(figures):
        if figure.unit:
            buckets.setdefault(unit_key(figure.unit), []).append(index)
    for members in buckets.values():
        if len({figures[index].sources for index in members}) < 2:
            continue
        keys: dict[int, list[object]] = {}
        index_of: Index = {}
        words = {index: content_words(figures[index].sentence) for index in members}
        rare = timeline.rarest_first(words.values())
        for index in members:
            figure = figures[index]
            # A pair of `SAME_QUANTITY` shares a word of both prefixes (`Counterparts`).
            own: list[object] = list(timeline.prefix(words[index], SAME_QUANTITY, rare))
            if figure.period and figure.reported_by:
                own.append((fold(figure.period), fold(figure.reported_by)))
            keys[index] = own
            for key in own:
                index_of.setdefault(key, {}).setdefault(figure.sources, []).append(index)
        sole = set(sole_counts(figures, members))
        # Sole counts by size: a pair of them is within SOLE_RATIO, a window of the order.
        by_size = sorted(sole, key=lambda index: abs(figures[index].value))
        close: dict[int, list[int]] = {index: [] for index in sole}
        for at, i in enumerate(by_size):
            if figures[i].value == 0:
                continue  # no count is close to none
            for j in by_size[at + 1 :]:
                if not close_values(figures[i].value, figures[j].value):
                    break  # larger values are further apart still
                close[i].append(j)
                close[j].append(i)
        for i in members:
            left = figures[i]
            seen: set[int] = set()
            candidates = [
                j
                for key in keys[i]
                for sources, group in index_of[key].items()
                if sources != left.sources  # the same sources: never one quantity told twice
                for j in group
            ]
            for j in [*candidates, *close.get(i, ())]:
                if j > i and j not in seen:
                    seen.add(j)
                    if same_quantity(left, figures[j], independent, i in sole and j in sole):
                        yield i, j


def find_disagreements(
    figures: Sequence[StoryFigure],
    order: Sequence[str] = (),
    independent: Mapping[str, int] | None = None,
) -> tuple[Disagreement, ...]:
    """Groups of figures from independent reports that give one quantity different
    values. Figures are bucketed by unit first and paired only within a bucket: a
    figure's unit must match for `same_quantity`, so the other pairs need no look."""
    position = {source: index for index, source in enumerate(order)}
    parent = list(range(len(figures)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for i, j in _quantity_pairs(figures, independent):
        parent[find(j)] = find(i)
    groups: dict[int, list[StoryFigure]] = {}
    for index, figure in enumerate(figures):
        groups.setdefault(find(index), []).append(figure)
    found = []
    for group in groups.values():
        sources = {source for figure in group for source in figure.sources}
        if len(group) < 2 or len(sources) < 2:
            continue
        carried = Counter(source for figure in group for source in figure.sources)
        if max(carried.values()) > 1 or explained(group, figures):
            continue  # one source gives two of these values: two quantities, not a conflict
        readings = sorted(
            ((source, figure.text) for figure in group for source in figure.sources),
            key=lambda item: (position.get(item[0], len(position)), item[0], item[1]),
        )
        first = group[0]
        context = first.period or first.reported_by
        quantity = first.unit or "figure"
        found.append(
            Disagreement(f"{quantity} ({context})" if context else quantity, tuple(readings))
        )
    return tuple(sorted(found, key=lambda d: (position.get(d.readings[0][0], 0), d.quantity)))


def explained(group: Sequence[StoryFigure], figures: Sequence[StoryFigure]) -> bool:
    """A source of one reading also gives, elsewhere, a value that fits the other reading
    (`1,495,709 signatures` and `1,626,042 valid signatures` in one source, `more than
    1.6 million` in another): the readings count two things, both reported."""
    unit = unit_key(group[0].unit)
    for figure in group:
        others = [other for other in group if not set(other.sources) & set(figure.sources)]
        for extra in figures:
            if (
                extra not in group
                and unit_key(extra.unit) == unit
                and set(extra.sources) & set(figure.sources)
                and any(compatible(extra, other) for other in others)
            ):
                return True
    return False


SAME_EVENT_TEXT = 0.5
"""Share of content words (dates left out) from which two dated clauses tell one event."""


def conflicting_dates(
    events: Sequence[TimelineEntry], independent: Mapping[str, int]
) -> tuple[Disagreement, ...]:
    """One event given two different days by independent reports: dated clauses of the
    story's timeline whose words (the date left out) are alike, on other days (both to
    the day)."""
    entries = [entry for entry in events if entry.precision == "day"]
    words = [content_words(undated(entry.text)) for entry in entries]
    found = []
    for i, left in enumerate(entries):
        for j in range(i + 1, len(entries)):
            right = entries[j]
            if left.date == right.date or len(words[i]) < 3 or len(words[j]) < 3:
                continue
            mine = {independent.get(s, -1) for s in left.sources}
            theirs = {independent.get(s, -1) for s in right.sources}
            if mine & theirs or jaccard(words[i], words[j]) < SAME_EVENT_TEXT:
                continue
            readings = tuple(
                (source, f"{entry.date.isoformat()}: {entry.text}")
                for entry in (left, right)
                for source in entry.sources[:1]
            )
            found.append(Disagreement("date", readings, "date"))
    return tuple(found)


DATE_WORDS = re.compile(
    r"\b(?:" + "|".join(timeline.MONTHS) + "|" + "|".join(timeline.WEEKDAYS) + r"|"
    r"yesterday|today|tomorrow|last|next|this|on|in)\b|\d+(?:st|nd|rd|th)?",
    re.IGNORECASE,
)


def undated(text: str) -> str:
    return DATE_WORDS.sub(" ", text)


NEGATIONS = frozenset({"not", "no", "never", "nor", "none", "nothing", "without", "cannot"})
"""English negators (the closed class of negative particles, pronouns and adverbs in
standard grammars, e.g. Huddleston & Pullum, ch. 9), with `n't` contractions."""
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def meaning_marks(text: str) -> tuple[bool, frozenset[str]]:
    folded = fold(text).replace("’", "'")
    words = WORD.findall(folded)
    negated = "n't" in folded or any(word in NEGATIONS for word in words)
    return negated, frozenset(NUMBER.findall(folded))


SAME_UTTERANCE = 75.0
"""rapidfuzz ratio (0-100) of two aligned wordings from which they are one utterance."""


def aligned(left: str, right: str) -> tuple[str, str]:
    """The shorter wording, and the stretch of the longer one it matches: a quotation
    cut shorter by one source does not differ from the longer one by what it leaves out."""
    short, long = sorted((left, right), key=len)
    if len(long) <= len(short) * 1.2:
        return left, right
    found = fuzz.partial_ratio_alignment(fold(short), fold(long))
    if found is None:
        return left, right
    stretch = fold(long)[found.dest_start : found.dest_end]
    return (short, stretch) if short is left else (stretch, short)


def conflicting_quotes(
    quotes: Sequence[StoryQuote], independent: Mapping[str, int]
) -> tuple[Disagreement, ...]:
    """One utterance worded by independent reports in ways that change its meaning: one
    wording negated and the other not, or other numbers in it."""
    found = []
    for quote in quotes:
        wordings = [(s, w) for s, w in quote.variants]
        for i, (left_source, left) in enumerate(wordings):
            for right_source, right in wordings[i + 1 :]:
                if independent.get(left_source, -1) == independent.get(right_source, -2):
                    continue
                one, other = aligned(left, right)
                if fuzz.ratio(fold(one), fold(other)) < SAME_UTTERANCE:
                    continue  # two utterances merged as one quote: nothing to compare
                (neg_a, num_a), (neg_b, num_b) = meaning_marks(one), meaning_marks(other)
                if neg_a != neg_b or (num_a and num_b and num_a != num_b):
                    who = quote.speaker or "unattributed"
                    readings = ((left_source, left), (right_source, right))
                    found.append(Disagreement(f"quote: {who}", readings, "quote"))
                    break
            else:
                continue
            break
    return tuple(found)


# --------------------------------------------------------------------------- coverage


def coverage(
    articles: Sequence[Article],
    quotes: Sequence[StoryQuote],
    figures: Sequence[StoryFigure],
    resolved: Sequence[StoryEntity],
) -> tuple[Coverage, ...]:
    """One row per source: its outlet, date, headline, and what only it reports.

    What one source alone carries is gathered by source in one pass over the story's
    figures, quotes and people, and the sentences of all sources are indexed once
    (`Counterparts`): each row costs what its source carries, not the whole story.
    """
    multi = len(articles) > 1
    counterparts = Counterparts(articles) if multi else None
    sole_figures: dict[str, list[StoryFigure]] = {}
    for figure in figures:
        if len(figure.sources) == 1:
            sole_figures.setdefault(figure.sources[0], []).append(figure)
    sole_quotes: dict[str, list[StoryQuote]] = {}
    for quote in quotes:
        if len(quote.sources) == 1 and len(WORD.findall(quote.text)) >= SHORT_QUOTE_WORDS:
            sole_quotes.setdefault(quote.sources[0], []).append(quote)
    sole_people: dict[str, list[StoryEntity]] = {}
    carried: dict[str, list[StoryEntity]] = {}
    for entity in resolved:
        if entity.kind == "person" and len(entity.sources) == 1:
            sole_people.setdefault(entity.sources[0], []).append(entity)
        for source in dict.fromkeys(entity.sources):
            carried.setdefault(source, []).append(entity)
    rows = []
    for article in articles:
        source = str(article.source)
        adds: list[str] = []
        if counterparts is not None:
            only_figures = sole_figures.get(source, [])
            adds += [figure_add(figure) for figure in only_figures]
            adds += [
                f"quote: {quote.speaker or 'unattributed'}: “{shorten(quote.text, 90)}”"
                for quote in sole_quotes.get(source, [])[:ONLY_QUOTES]
            ]
            adds += [
                f"person: {e.name}" + (f" ({e.role})" if e.role else "")
                for e in sole_people.get(source, [])
            ]
            shown = {" ".join(figure.sentence.split()) for figure in only_figures}
            adds += [
                f"reports: {shorten(text, ADD_LIMIT)}"
                for text in only_sentences(article, carried.get(source, []), counterparts)
                if " ".join(text.split()) not in shown
            ]
        rows.append(
            Coverage(
                source, article.meta.outlet, article.meta.date, article.meta.title, tuple(adds)
            )
        )
    return tuple(rows)


class Counterparts:
    """Which sentences of a story have a counterpart in another source: some sentence
    of another source sharing at least `SAME_SENTENCE` of their content words (Jaccard).

    Prefix filtering (Chaudhuri et al. 2006, Bayardo et al. 2007): order the words from
    the rarest in the story; two sets of Jaccard at least t share at least
    ⌈t·|x|⌉ words, and then the first |x| − ⌈t·|x|⌉ + 1 words of each share one (the
    first word they share in that order is among them). So each sentence is indexed
    under its few rarest words only, and a sentence is tested against the sentences
    indexed under its own rarest words: the same answers as testing every pair, with work
    that grows with the sentences that share a rare word rather than with their square.
    """

    def __init__(self, articles: Sequence[Article]) -> None:
        self.words: dict[str, list[frozenset[str]]] = {
            str(article.source): [content_words(text) for text in timeline.sentence_texts(article)]
            for article in articles
        }
        self.rank = timeline.rarest_first(
            words for sentences in self.words.values() for words in sentences
        )
        self.index: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for source, sentences in self.words.items():
            for words in sentences:
                for word in timeline.prefix(words, SAME_SENTENCE, self.rank):
                    self.index.setdefault(word, []).append((source, words))

    def elsewhere(self, source: str, words: frozenset[str]) -> bool:
        """Whether another source has a sentence sharing `SAME_SENTENCE` of these words."""
        for word in timeline.prefix(words, SAME_SENTENCE, self.rank):
            for other, theirs in self.index.get(word, ()):
                if other != source and jaccard(words, theirs) >= SAME_SENTENCE:
                    return True
        return False


def figure_add(figure: StoryFigure) -> str:
    """`figure: 2,000 residents (on Tuesday) — “…the sentence it came from…”`."""
    text = f"figure: {figure.text}" + (f" ({figure.period})" if figure.period else "")
    sentence = " ".join(figure.sentence.split())
    if sentence and fold(sentence) != fold(figure.text):
        text += f" — “{shorten(sentence, FIGURE_CONTEXT)}”"
    return text


def only_sentences(
    article: Article,
    carried: Sequence[StoryEntity],
    counterparts: Counterparts,
) -> list[str]:
    """This article's most telling sentences that no other source has a counterpart for.

    A sentence has a counterpart when some sentence of another source shares at least
    `SAME_SENTENCE` of its content words (`Counterparts`, made once per story). The rest
    are ranked by the names only this source mentions, then all names and numbers they
    carry, then position. `carried`: the story's entities this source mentions, in the
    story's order.
    """
    source = str(article.source)
    names = [
        (fold(name), entity.sources == (source,))
        for entity in carried
        for name in (entity.name, *entity.aliases)
        if len(name) > 2
    ]
    ranked = []
    mine = counterparts.words[source]
    for position, text in enumerate(timeline.sentence_texts(article)):
        if len(WORD.findall(text.lower())) < SENTENCE_MIN_WORDS or timeline.is_stamp(text, set()):
            continue
        if counterparts.elsewhere(source, mine[position]):
            continue
        folded = fold(text)
        own = sum(
            1 for name, only in names if only and re.search(rf"\b{re.escape(name)}\b", folded)
        )
        known = sum(1 for name, _only in names if re.search(rf"\b{re.escape(name)}\b", folded))
        numbers = 1 if re.search(r"\d", text) else 0
        if own + known + numbers == 0:
            continue
        ranked.append((-own, -(known + numbers), position, text))
    ranked.sort()
    chosen = sorted(ranked[:KEY_SENTENCES], key=lambda item: item[2])
    return [text for _own, _known, _position, text in chosen]


def shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


# --------------------------------------------------------------------------- related


def relate(briefings: Sequence[Briefing]) -> list[Briefing]:
    """Fill `related` with the stories that share the most telling people and places.

    A telling name is carried by at most `RELATED_MAX_SHARE` of the briefings (and at
    least by two). Two stories are related when they share `RELATED_MIN_SHARED` telling
    names; they are ranked by the names' rarity, `log((N + 1) / df)` summed.
    """
    keys = [
        frozenset(fold_name(entity.name) for entity in (*briefing.people, *briefing.places))
        for briefing in briefings
    ]
    frequency: Counter[str] = Counter(name for names in keys for name in names)
    most = max(2.0, RELATED_MAX_SHARE * len(briefings))
    telling = [sorted(name for name in names if frequency[name] <= most) for names in keys]
    total = len(briefings) + 1
    weight = {name: math.log(total / times) for name, times in frequency.items()}
    carriers: dict[str, list[int]] = {}
    for index, names in enumerate(telling):
        for name in names:
            carriers.setdefault(name, []).append(index)
    result = []
    for index, briefing in enumerate(briefings):
        # Only briefings that share a telling name can share enough of them: count and
        # weigh the shared names of each such briefing in one pass over the carriers.
        shared: dict[int, list[float]] = {}
        for name in telling[index]:
            for other in carriers[name]:
                shared.setdefault(other, []).append(weight[name])
        scored = [
            (-round(math.fsum(weights), 9), briefings[other].story.story_id)
            for other, weights in shared.items()
            if other != index and len(weights) >= RELATED_MIN_SHARED
        ]
        related = tuple(story_id for _score, story_id in sorted(scored)[:RELATED_LIMIT])
        result.append(dataclasses.replace(briefing, related=related))
    return result
