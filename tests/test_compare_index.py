"""The indexed comparisons of a story give what trying every pair gave (issue 19).

A story of hundreds of sources made `merge_quotes` score every quote against every
earlier one and `coverage` test every sentence against every sentence of the other
sources. They now look up candidates (`compare._Wordings`, `compare.Counterparts`). The
references below are the former loops, kept verbatim; the properties are that both give
the same result on generated stories built to collide: few words, so wordings repeat,
nest and differ by a letter; accents and capitals that fold alike; speakers that agree,
differ or are unknown; one source quoting itself twice. The story summary's support is
made block by block of candidates instead of from one dense matrix of all of them: the
same values, bit for bit.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from typing import Literal

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.extract import summarise
from generator.model import (
    Article,
    Quote,
    Report,
    Sentence,
    SourceOutlet,
    StoryEntity,
    StoryFigure,
    StoryQuote,
)
from generator.stories import compare, reports, timeline
from generator.stories import outlets as outlet_names
from generator.stories.compare import (
    KEY_SENTENCES,
    LONG_QUOTE_WORDS,
    QUOTE_MATCH,
    SAME_SENTENCE,
    SAME_WORDS,
    SENTENCE_MIN_WORDS,
    WORD,
    _quantity_pairs,
    canonical_speaker,
    content_words,
    fold,
    jaccard,
    merge_quotes,
    quote_similarity,
    same_quantity,
    sole_counts,
    speakers_agree,
    unit_key,
)
from tests.eval.textkit import clean_from_text, meta_for

# ------------------------------------------------------------------ the former loops


def reference_merge_quotes(
    articles: Sequence[Article], canonical: Mapping[str, str]
) -> tuple[StoryQuote, ...]:
    """`merge_quotes` as it was: each quote scored against every quote seen so far."""
    merged: list[StoryQuote] = []
    for article in articles:
        source = str(article.source)
        for quote in article.quotes:
            speaker = canonical_speaker(quote, canonical)
            best, best_score = -1, QUOTE_MATCH
            for index, existing in enumerate(merged):
                agree = speakers_agree(
                    existing.speaker, existing.speaker_kind, speaker, quote.speaker_kind
                )
                wordings = [wording for _src, wording in existing.variants]
                if source in existing.sources:
                    if not agree:
                        continue
                    if fold(quote.text) in {fold(w) for w in wordings}:
                        best, best_score = index, 101.0
                    continue
                score = max(quote_similarity(quote.text, wording) for wording in wordings)
                if not agree and (
                    score < SAME_WORDS or len(WORD.findall(quote.text)) < LONG_QUOTE_WORDS
                ):
                    continue
                if score >= best_score and (best < 0 or score > best_score):
                    best, best_score = index, score
            if best < 0:
                merged.append(
                    StoryQuote(
                        speaker, quote.speaker_kind, quote.text, (source,), ((source, quote.text),)
                    )
                )
                continue
            existing = merged[best]
            if source in existing.sources:
                continue
            keep_speaker = existing.speaker or speaker
            merged[best] = StoryQuote(
                speaker=keep_speaker,
                speaker_kind=existing.speaker_kind if existing.speaker else quote.speaker_kind,
                text=max(existing.text, quote.text, key=len),
                sources=(*existing.sources, source),
                variants=(*existing.variants, (source, quote.text)),
            )
    return tuple(merged)


def reference_only_sentences(
    article: Article, articles: Sequence[Article], resolved: Sequence[StoryEntity]
) -> list[str]:
    """`only_sentences` as it was: every sentence against every other source's."""
    others = [
        content_words(sentence)
        for other in articles
        if other.source != article.source
        for sentence in timeline.sentence_texts(other)
    ]
    source = str(article.source)
    names = [
        (fold(name), entity.sources == (source,))
        for entity in resolved
        if source in entity.sources
        for name in (entity.name, *entity.aliases)
        if len(name) > 2
    ]
    ranked = []
    for position, text in enumerate(timeline.sentence_texts(article)):
        if len(WORD.findall(text.lower())) < SENTENCE_MIN_WORDS or timeline.is_stamp(text, set()):
            continue
        mine = content_words(text)
        if any(jaccard(mine, other) >= SAME_SENTENCE for other in others):
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


# ------------------------------------------------------------------ generated stories

# Few words, some a letter apart or a prefix of another, so that wordings nest (short
# fragments inside long ones), repeat and differ by characters rather than by words.
QUOTE_WORDS = ["we", "will", "wil", "rebuild", "rebuilt", "the", "town", "towns", "Él", "el"]
SPEAKERS: list[tuple[str | None, Literal["person", "described"] | None]] = [
    (None, None),
    ("Ana Ruiz", "person"),
    ("Ruiz", "person"),
    ("Bo Hale", "person"),
    ("a US official", "described"),
    ("officials", "described"),
]

wording = st.lists(st.sampled_from(QUOTE_WORDS), min_size=1, max_size=11).map(" ".join)
quotes = st.builds(
    lambda text, who, upper: Quote(text.upper() if upper else text, *who, text, 1),
    wording,
    st.sampled_from(SPEAKERS),
    st.booleans(),
)


def _article(name: str, found: Sequence[Quote] = (), text: str = "Text.") -> Article:
    clean = clean_from_text(text, name)
    return Article(
        source=PurePosixPath(name), meta=meta_for(clean), clean=clean, quotes=tuple(found)
    )


quote_stories = st.lists(st.lists(quotes, max_size=6), min_size=1, max_size=10).flatmap(
    lambda per_article: st.permutations(range(len(per_article))).map(
        # Repeated source names too: a story's articles are distinct files, but the index
        # must not rely on the order of names.
        lambda order: [
            _article(f"{order[index]:02d}.txt", found) for index, found in enumerate(per_article)
        ]
    )
)
canonicals = st.sampled_from([{}, {"ruiz": "Ana Ruiz"}, {"ruiz": "Ana Ruiz", "bo hale": "Ruiz"}])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quote_stories, canonicals)
def test_indexed_quote_merging_equals_the_former_loop(
    articles: list[Article], canonical: dict[str, str]
) -> None:
    assert merge_quotes(articles, canonical) == reference_merge_quotes(articles, canonical)


def test_quote_merging_on_a_crowded_story() -> None:
    """Translations, a fragment inside a longer wording, a misattributed long quote and a
    source repeating itself: the choices the index must keep, as the former loop made
    them."""
    said = "we will rebuild the town from the ground up, every house of it"
    other = "we will rebuild this town from the ground up, every single house"
    articles = [
        _article("a.txt", [Quote(said, "Ana Ruiz", "person", said, 1)]),
        _article("b.txt", [Quote(other, "Ruiz", "person", other, 1)]),
        _article(
            "c.txt",
            [
                Quote("rebuild the town", None, None, "", 1),
                Quote(said.upper(), "Bo Hale", "person", said, 2),
            ],
        ),
        _article(
            "d.txt",
            [Quote(said, "Ana Ruiz", "person", said, 1), Quote(said, "Ana Ruiz", "person", "", 2)],
        ),
    ]
    canonical = {"ruiz": "Ana Ruiz"}
    found = merge_quotes(articles, canonical)
    assert found == reference_merge_quotes(articles, canonical)
    # c.txt's fragment joins the first quote; its long wording, given to another speaker,
    # cannot (c.txt is there already); d.txt's repeat of its own words is dropped.
    assert [quote.sources for quote in found] == [("a.txt", "b.txt", "c.txt", "d.txt"), ("c.txt",)]
    assert [quote.speaker for quote in found] == ["Ana Ruiz", "Bo Hale"]


SENTENCE_WORDS = ["flood", "floods", "river", "Lima", "Líma", "rose", "rising", "water", "the"]
SENTENCE_WORDS += ["bridge", "Calder", "said", "on", "metres", "3", "12", "homes", "mayor"]
sentences = st.lists(st.sampled_from(SENTENCE_WORDS), min_size=3, max_size=14).map(
    lambda words: " ".join(words).capitalize() + "."
)
entity_names = st.sampled_from(["Lima", "Calder", "River Rose", "Ana"])


def _sentence_article(name: str, texts: Sequence[str]) -> Article:
    body = " ".join(texts)
    article = _article(name, text=body)
    found, at = [], 0
    for text in texts:
        found.append(Sentence(text, 0, at))
        at += len(text) + 1
    return Article(
        source=article.source, meta=article.meta, clean=article.clean, sentences=tuple(found)
    )


sentence_stories = st.lists(st.lists(sentences, max_size=6), min_size=2, max_size=8).map(
    lambda per_article: [
        _sentence_article(f"{index:02d}.txt", texts) for index, texts in enumerate(per_article)
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentence_stories, st.data())
def test_indexed_counterparts_equal_the_former_loop(
    articles: list[Article], data: st.DataObject
) -> None:
    sources = [str(article.source) for article in articles]
    resolved = data.draw(
        st.lists(
            st.builds(
                lambda name, kind, carriers: StoryEntity(
                    name, kind, None, (), tuple(sorted(carriers)), 1
                ),
                entity_names,
                st.sampled_from(["person", "place"]),
                st.sets(st.sampled_from(sources), min_size=1),
            ),
            max_size=5,
        )
    )
    rows = compare.coverage(articles, (), (), resolved)
    for article, row in zip(articles, rows, strict=True):
        expected = reference_only_sentences(article, articles, resolved)
        assert [add for add in row.adds if add.startswith("reports: ")] == [
            f"reports: {compare.shorten(text, compare.ADD_LIMIT)}" for text in expected
        ]


def test_counterparts_find_a_sentence_sharing_a_quarter_of_its_words() -> None:
    """Jaccard exactly at `SAME_SENTENCE` (4 words of 16) is a counterpart; one word
    fewer is not; a source's own sentences never count."""
    mine = "alpha bravo charlie delta echoes foxtrot golfs hotel india julie"
    theirs = "alpha bravo charlie delta mikes novem oscar papas quebe romeo"
    fewer = "alpha bravo charlie sierra mikes novem oscar papas quebe romeo"
    articles = [_sentence_article("a.txt", [mine]), _sentence_article("b.txt", [theirs])]
    assert jaccard(content_words(mine), content_words(theirs)) == SAME_SENTENCE
    index = compare.Counterparts(articles)
    assert index.elsewhere("a.txt", content_words(mine))
    assert index.elsewhere("b.txt", content_words(theirs))
    assert not index.elsewhere("b.txt", content_words(fewer))
    apart = compare.Counterparts([articles[0], _sentence_article("b.txt", [fewer])])
    assert not apart.elsewhere("a.txt", content_words(mine))
    alone = compare.Counterparts([articles[0], _sentence_article("b.txt", ["nothing alike"])])
    assert not alone.elsewhere("a.txt", content_words(mine))


# ------------------------------------------------------------------ story summary

STORY_WORDS = ["flood", "river", "Lima", "rose", "water", "bridge", "homes", "mayor"]
STORY_WORDS += ["rescue", "army", "rain", "storm", "the", "said", "on"]


def reference_support(
    candidates: Sequence[str], wholes: Sequence[str], owners: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Support, similarity to the other sources' texts, and the candidates' similarity
    matrix, as `summarise_story` made them from one dense matrix of everything."""
    both = summarise._similarity_matrix([*candidates, *wholes])
    count = len(candidates)
    similarity = both[:count, :count]
    to_source = both[:count, count:]
    support = np.zeros(count)
    for number in range(len(wholes)):
        columns = owners == number
        if not columns.any():
            continue
        best = similarity[:, columns].max(axis=1)
        best[owners == number] = 0.0
        support += best
    support /= max(1, len(wholes) - 1)
    others = to_source.sum(axis=1) - to_source[np.arange(count), owners]
    return support, others, similarity


texts = st.lists(st.sampled_from(STORY_WORDS), max_size=12).map(" ".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(texts, max_size=4), min_size=1, max_size=7),
    st.lists(texts, min_size=7, max_size=7),
    st.sampled_from([1, 3, 1 << 22]),
)
def test_blockwise_support_equals_the_whole_matrix(
    per_source: list[list[str]], wholes: list[str], block: int
) -> None:
    """`summarise._support` and `_PairSimilarity` give, bit for bit, what the whole dense
    matrix gave, whatever the block of candidates computed at once."""
    candidates = [text for texts in per_source for text in texts]
    if not candidates:
        return
    owners = np.array([number for number, texts in enumerate(per_source) for _ in texts])
    wholes = wholes[: len(per_source)]
    support, others, similarity = reference_support(candidates, wholes, owners)
    matrix = summarise._tfidf_rows([*candidates, *wholes])
    original = summarise.SIMILARITY_BLOCK
    summarise.SIMILARITY_BLOCK = block
    try:
        got_support, got_others = summarise._support(matrix, owners, len(wholes))
    finally:
        summarise.SIMILARITY_BLOCK = original
    assert np.array_equal(got_support, support)
    assert np.array_equal(got_others, others)
    pairs = summarise._PairSimilarity(matrix, len(candidates))
    for i in range(len(candidates)):
        for j in range(len(candidates)):
            assert pairs(i, j) == float(similarity[i, j])


# ------------------------------------------------------------------ figures

FIGURE_WORDS = ["boats", "sank", "near", "coast", "guard", "euros", "paid", "storm", "port"]
FIGURE_WORDS += ["fishing", "crews", "rescued", "north", "harbour"]
figure_sentences = st.lists(st.sampled_from(FIGURE_WORDS), max_size=9).map(" ".join)
story_figures = st.builds(
    StoryFigure,
    value=st.sampled_from([0.0, 1.0, 2.0, 3.0, 5.0, 10.0, 40.0]),
    text=st.just("x"),
    unit=st.sampled_from(["boats", "boat", "euros"]),
    qualifier=st.none(),
    period=st.sampled_from([None, "today"]),
    reported_by=st.sampled_from([None, "police"]),
    sentence=figure_sentences,
    sources=st.sampled_from([("a.txt",), ("b.txt",), ("a.txt", "b.txt"), ("c.txt",), ("d.txt",)]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(story_figures, max_size=14))
def test_figure_pairs_by_rare_words_equal_every_pair(figures: list[StoryFigure]) -> None:
    """Figures are paired through the rarest words of their sentences (prefixes for
    `SAME_QUANTITY`); sentences of many shared words and similarities around the
    threshold find the pairs the test of every pair finds."""
    units: dict[str, list[int]] = {}
    for index, figure in enumerate(figures):
        units.setdefault(unit_key(figure.unit), []).append(index)
    sole = {i for members in units.values() for i in sole_counts(figures, members)}
    every = {
        (i, j)
        for i in range(len(figures))
        for j in range(i + 1, len(figures))
        if same_quantity(figures[i], figures[j], None, i in sole and j in sole)
    }
    assert set(_quantity_pairs(figures)) == every


# ------------------------------------------------------------------ reports


def reference_find_reports(
    articles: Sequence[Article],
    found_outlets: Sequence[SourceOutlet],
    story_quotes: Sequence[StoryQuote],
    registry: outlet_names.Registry,
) -> tuple[Report, ...]:
    """`find_reports` as it was: `same_report` on every pair not yet joined."""
    by_source = {o.source: o for o in found_outlets}
    sources = [str(article.source) for article in articles]
    words = {str(article.source): reports.sentences(article) for article in articles}
    parent = list(range(len(articles)))
    evidence: dict[int, list[str]] = {}

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for i, left in enumerate(articles):
        for j in range(i + 1, len(articles)):
            if find(i) == find(j) and j in evidence:
                continue
            found = reports.same_report(left, articles[j], by_source, story_quotes, registry, words)
            if found:
                root_i, root_j = find(i), find(j)
                if root_i != root_j:
                    parent[root_j] = root_i
                evidence.setdefault(j, list(found))
    groups: dict[int, list[int]] = {}
    for index in range(len(articles)):
        groups.setdefault(find(index), []).append(index)
    result = []
    for members in groups.values():
        wires = [by_source[sources[i]].wire for i in members if by_source[sources[i]].wire]
        notes = tuple(f"{sources[i]}: {'; '.join(evidence[i])}" for i in members if i in evidence)
        result.append(
            Report(tuple(sources[i] for i in members), wires[0] if wires else None, notes)
        )
    return tuple(result)


REPORT_WORDS = ["flood", "river", "bridge", "homes", "mayor", "rescue", "army", "storm"]
REPORT_WORDS += ["crews", "water", "north", "harbour", "closed", "town"]
report_sentences = st.lists(st.sampled_from(REPORT_WORDS), min_size=6, max_size=10).map(
    lambda words: " ".join(words).capitalize() + "."
)
REPORT_POOL = [
    "Flood water closed the north bridge and army crews rescue homes.",
    "The mayor said storm crews closed the harbour town bridge.",
    "River water rose over the north harbour and flooded homes.",
    "Army rescue crews reached the town after the storm flood.",
]
"""Sentences several sources share word for word (copies of one report)."""
LONG_SAID = ["we will rebuild every home on this river", "the bridge will stay closed all week"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.lists(st.one_of(st.sampled_from(REPORT_POOL), report_sentences), max_size=5),
            st.sampled_from([None, None, "AFP", "Reuters"]),
            st.sampled_from(["url", "text", "wire credit"]),
            st.integers(0, 5),
        ),
        min_size=1,
        max_size=9,
    ),
    st.data(),
)
def test_reports_from_likely_pairs_equal_every_pair(
    shapes: list[tuple[list[str], str | None, str, int]], data: st.DataObject
) -> None:
    """Reports and their evidence are the same when only pairs with a sentence alike or a
    long quotation in common are tested: copies, wire credits, quotations and dates
    apart generated together."""
    articles, found_outlets = [], []
    for index, (texts, wire, basis, day) in enumerate(shapes):
        article = _sentence_article(f"{index:02d}.txt", texts)
        meta = dataclasses.replace(article.meta, date=datetime.date(2024, 1, 1 + day))
        articles.append(dataclasses.replace(article, meta=meta))
        found_outlets.append(SourceOutlet(f"{index:02d}.txt", f"Outlet {index}", basis, wire))
    names = [str(article.source) for article in articles]
    story_quotes = tuple(
        StoryQuote(None, None, text, tuple(carriers), tuple((s, text) for s in carriers))
        for text, carriers in data.draw(
            st.lists(
                st.tuples(
                    st.sampled_from([*LONG_SAID, "short words"]),
                    st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True),
                ),
                max_size=4,
            )
        )
    )
    registry = outlet_names.Registry(outlet_names.shipped())
    expected = reference_find_reports(articles, found_outlets, story_quotes, registry)
    assert reports.find_reports(articles, found_outlets, story_quotes, registry) == expected
