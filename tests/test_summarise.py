"""Sentences, summaries, key points and tags: extractive and faithful."""

from __future__ import annotations

import datetime
from pathlib import PurePosixPath

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.extract import summarise
from generator.extract.summarise import (
    find_tags,
    split_sentences,
    strip_dateline,
    summarise_article,
)
from generator.model import Article, ArticleMeta, Mention
from generator.stories.editorial import summarise_story
from tests.eval.textkit import clean_from_text, meta_for

STORY_A = """\
WASHINGTON — The United States and Mexico pledged on Friday to work together against irregular
migration at talks in Washington.

Secretary of State Antony Blinken said the two governments had made great progress since
December.

“We want to help,” he said.

More than 242,000 migrants were intercepted at the border in November, according to the Border
Patrol.

Related: Our full coverage of the border.

Mexico's foreign minister said other countries in the region should share the burden of
migration.
"""

STORY_B = """\
Mexico told the United States on Friday that it would help fight irregular migration, at talks
in Washington.

The foreign minister, Alicia Bárcena, led a delegation to the State Department for the
migration talks.

Border Patrol figures show migrants were intercepted more than 242,000 times in November.

The meeting came as Congress debated tougher border security measures and migration rules.
"""


def _article(name: str, text: str, headline: str) -> Article:
    clean = clean_from_text(text, name, headline)
    meta = meta_for(clean)
    meta = ArticleMeta(**{**{f: getattr(meta, f) for f in meta.__slots__}, "title": headline})
    sentences = split_sentences(clean, None)
    mentions = (
        Mention("United States", "place", None, (), 3),
        Mention("Mexico", "place", None, (), 3),
    )
    summary, points = summarise_article(clean, sentences, mentions, (), meta)
    return Article(
        source=PurePosixPath(name),
        meta=meta,
        clean=clean,
        sentences=sentences,
        mentions=mentions,
        summary=summary,
        key_points=points,
    )


def test_split_sentences_keeps_blocks_and_offsets() -> None:
    clean = clean_from_text(
        "Mr. Blinken met Ms. Bárcena in the U.S. capital. It went well.\n\nA heading\n\nDone here."
    )
    sentences = split_sentences(clean, None)
    assert [s.text for s in sentences] == [
        "Mr. Blinken met Ms. Bárcena in the U.S. capital.",
        "It went well.",
        "Done here.",
    ]
    for sentence in sentences:
        block = clean.blocks[sentence.block].text
        assert block[sentence.start :].startswith(sentence.text)


def test_strip_dateline() -> None:
    assert strip_dateline("WASHINGTON — The memos were released.") == "The memos were released."
    assert strip_dateline("(Washington) The United States and Mexico met again today.").startswith(
        "The United"
    )
    assert (
        strip_dateline("Washington (AFP) – Mexico told the US it would help.")
        == "Mexico told the US it would help."
    )


def test_article_summary_is_extractive_and_clean() -> None:
    article = _article("a.txt", STORY_A, "US and Mexico vow to fight irregular migration")
    assert 1 <= len(article.summary) <= 3
    assert 3 <= len(article.key_points) <= 6
    body = article.clean.body
    for sentence in (*article.summary, *article.key_points):
        assert sentence in body
        assert not sentence.startswith("WASHINGTON")
        assert not sentence.startswith("Related:")
        assert sentence != "“We want to help,” he said."
    assert article.summary[0].startswith("The United States and Mexico")


def test_story_summary_prefers_facts_backed_by_several_sources() -> None:
    a = _article("a.txt", STORY_A, "US and Mexico vow to fight irregular migration")
    b = _article("b.txt", STORY_B, "Mexico tells US it will help battle migration")
    summary, points = summarise_story([a, b])  # the story's order (date, content)
    assert (summary, points) == summarise_story([a, b])  # deterministic
    assert set(summary) == set(summarise_story([b, a])[0])  # same facts in any order
    assert 1 <= len(summary) <= 3
    assert any("242,000" in text for _, text in points) or any("242,000" in s for s in summary)
    texts = [*summary, *(text for _, text in points)]
    assert len(texts) == len(set(texts))
    for source, text in points:
        assert text in {"a.txt": a, "b.txt": b}[source].clean.body


def test_tags() -> None:
    a = _article("a.txt", STORY_A, "US and Mexico vow to fight irregular migration")
    b = _article("b.txt", STORY_B, "Mexico tells US it will help battle migration")
    tags = find_tags([a, b])
    assert 2 <= len(tags) <= 6
    assert tags[0] == "migration"
    assert all(tag == tag.lower() for tag in tags)
    assert "mexico" not in tags and "united states" not in tags
    assert tags == find_tags([b, a])


def test_empty_inputs() -> None:
    clean = clean_from_text("")
    assert split_sentences(clean, None) == ()
    assert summarise_article(clean, (), (), (), meta_for(clean)) == ((), ())
    assert summarise_story([]) == ((), ())
    assert datetime.date(2024, 1, 1)


def test_dateline_with_place_and_agency() -> None:
    text = "KATHMANDU, Nepal (AP) — A powerful earthquake struck western Nepal on Friday."
    assert strip_dateline(text) == "A powerful earthquake struck western Nepal on Friday."


POOL = ("quake", "Lima", "rescuers", "aftershock", "Arévalo", "the", "x1", "it's", "death-toll")
TFIDF_TEXTS = st.lists(
    st.lists(
        st.sampled_from(POOL),
        max_size=30,
    ).map(" ".join),
    min_size=1,
    max_size=12,
)


@given(TFIDF_TEXTS)
@settings(max_examples=200, deadline=None)
def test_similarity_matrix_is_scikit_learns(texts: list[str]) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    ours = summarise._similarity_matrix(texts)
    try:
        matrix = TfidfVectorizer(analyzer=summarise._words, sublinear_tf=True).fit_transform(texts)
    except ValueError:  # scikit-learn refuses an empty vocabulary
        assert not ours.any()
        return
    assert np.array_equal(ours, (matrix @ matrix.T).toarray())


STRIKE_A = """Dock workers walked off the job in the port on Monday, demanding a pay rise.

The strike closed the container terminal on Harbour Boulevard. Nigerian importers said
the strike would cost them dearly, and the strikers vowed to stay out all week.

Traders waited for hours on Harbour Boulevard. The walkout is the third strike this year.
"""
STRIKE_B = """A strike by dock workers shut the port for a second day on Tuesday.

Strikers gathered on Harbour Boulevard, where Nigerian traders waited for hours. The
union says the strike will go on until wages rise. Traders waited through the night.
"""
FLOWERS_A = """Growers filled the market hall on Harbour Boulevard with tulips on Sunday.

The tulips came from Nigerian farms and Dutch greenhouses. Tulips sold out by noon, and
the growers said the tulips had never sold so well on Harbour Boulevard.
"""
FLOWERS_B = """The tulips of the spring market on Harbour Boulevard sold out within hours.

Growers brought tulips from Nigerian farms. Buyers queued for tulips on Harbour
Boulevard before dawn, and more tulips are promised next week.
"""


def test_a_labour_strike_is_tagged_strikes_and_an_air_strike_is_not() -> None:
    a = _article("a.txt", STRIKE_A, "Dock workers strike over pay")
    b = _article("b.txt", STRIKE_B, "Port strike enters second day")
    assert find_tags([a, b])[0] == "strikes"
    war = "Air strikes hit the city. The air strike destroyed a bridge. More air strikes came."
    c = _article("c.txt", war, "Air strikes hit the city")
    d = _article("d.txt", war, "Air strikes on the city")
    assert "strikes" not in find_tags([c, d])


def test_fallback_tags_are_never_words_the_sources_capitalise() -> None:
    a = _article("a.txt", FLOWERS_A, "Tulips sell out at the spring market")
    b = _article("b.txt", FLOWERS_B, "Tulip growers sell out on Harbour Boulevard")
    tags = find_tags([a, b])
    assert "tulips" in tags
    assert not {"boulevard", "harbour", "nigerian", "dutch"} & set(tags)


def test_fallback_tags_are_what_the_texts_are_about_not_headline_wording() -> None:
    a = _article("a.txt", FLOWERS_A, "Tulip frenzy grips the spring market")
    b = _article("b.txt", FLOWERS_B, "Tulip frenzy grips growers")
    tags = find_tags([a, b])
    assert "grips" not in tags and "frenzy" not in tags  # only in the headlines
    c = _article("c.txt", FLOWERS_A, "Tulips fill the spring market")
    d = _article("d.txt", FLOWERS_B, "Tulips sell out as frenzy grips growers")
    assert "tulips" in find_tags([c, d])  # in a headline and in both texts


def test_story_summary_states_what_the_other_sources_say_not_one_outlets_angle() -> None:
    # Three outlets word the same facts differently and open with their own angle.
    openers = [
        "Critics of the governing coalition called it a gift to foreign energy firms "
        "and vowed to fight on in the courts.",
        "Jubilant supporters danced with drums outside the building, hailing a "
        "historic day for the green movement.",
        "Union leaders said it betrayed thousands of families who had worked "
        "underground for generations.",
    ]
    facts = [
        [
            "The regional parliament approved the ban on new coal mines by 61 votes to 40.",
            "Existing pits may keep digging until their permits expire in 2031.",
        ],
        [
            "Lawmakers voted 61 to 40 to ban any new coal mine in the region.",
            "Mines already open can operate until their permits run out in 2031.",
        ],
        [
            "By 61 votes to 40, parliament banned the opening of new coal mines.",
            "Current mines are allowed to run until 2031, when their permits expire.",
        ],
    ]
    articles = [
        _article(f"s{n}.txt", "\n\n".join([opener, *facts[n]]), "Norland bans new coal mines")
        for n, opener in enumerate(openers)
    ]
    summary, _points = summarise_story(articles)
    assert sum(opener in summary for opener in openers) <= 1  # one outlet's angle at most
    assert any("61" in sentence for sentence in summary)
    assert any("2031" in sentence for sentence in summary)
    for sentence in summary:
        assert any(sentence in article.clean.body for article in articles)
