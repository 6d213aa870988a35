"""spaCy passes: entities over whole articles, tags only where the extractors read them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.extract import clean, figures, nlp
from generator.extract.clean import is_photo_caption
from tests.eval.textkit import clean_from_text

ROOT = Path(__file__).resolve().parents[1]

TRICKY = (
    "WASHINGTON (AFP) — The U.S. didn't say whether 1,200 more troops would go. "
    "Officials said 520,000 unaccompanied minors crossed in 2023, up from 300,000.\n\n"
    "“We can't wait,” said Sen. Ana López-Obrador, who wants $5.2bn (€4.8bn) by "
    "mid-2025 — roughly 3 percent of the 12-month budget.\n\n"
    "About 40 people were hurt; 7 of them badly. Some 2.4 million people live there."
)


@pytest.fixture(scope="module")
def english() -> Any:
    model = nlp.load_nlp()
    if model is None:
        pytest.skip(nlp.model_problem() or "no model")
    return model


def texts() -> list[str]:
    seeds = sorted((ROOT / "source_articles").glob("*.txt"))
    return [TRICKY] + [clean_from_text(path.read_text(encoding="utf-8")).body for path in seeds]


def test_analyse_finds_entities_without_tagging(english: Any) -> None:
    (doc,) = nlp.analyse([TRICKY])
    assert doc is not None
    assert not doc.has_annotation("TAG")
    assert "WASHINGTON" in {ent.text for ent in doc.ents}


@pytest.mark.parametrize("index", range(3))
def test_tags_after_match_tagging_the_whole_article(english: Any, index: int) -> None:
    """Every token's next four tokens, tagged in short stretches, get the tags the whole
    article gets from the full pipeline."""
    text = texts()[index]
    (doc,) = nlp.analyse([text])
    whole = english(text)
    assert doc is not None and whole.has_annotation("POS")
    spans = [(token.idx, token.idx + len(token)) for token in doc]
    stretches = nlp.tags_after(doc, spans, 4)
    assert stretches == nlp.tags_after(whole, spans, 4)
    assert stretches[spans[0]] == tuple((t.text, t.pos_) for t in whole[1:5])


def test_tags_after_many_keeps_each_article_apart(english: Any) -> None:
    docs = nlp.analyse(texts())
    spans = [[(m.start(), m.end()) for m in figures._NUMBER.finditer(d.text)] for d in docs]
    together = nlp.tags_after_many(list(zip(docs, spans, strict=True)), 4)
    assert together == [nlp.tags_after(d, s, 4) for d, s in zip(docs, spans, strict=True)]
    assert any(together)


def test_tags_after_skips_spans_off_token_boundaries(english: Any) -> None:
    (doc,) = nlp.analyse(["Some 40 people."])
    assert nlp.tags_after(doc, [(5, 7), (100, 104)], 4) == {
        (5, 7): (("people", "NOUN"), (".", "PUNCT"))
    }


def test_counted_nouns_same_with_entities_only_or_whole_pipeline(english: Any) -> None:
    clean = clean_from_text(TRICKY)
    (doc,) = nlp.analyse([clean.body])
    (fast,) = figures.counted_nouns([(clean, doc)])
    (full,) = figures.counted_nouns([(clean, english(clean.body))])
    assert fast == full
    assert "minors" in fast.values() and "troops" in fast.values()
    assert figures.find_figures(clean, doc, ()) == figures.find_figures(
        clean, english(clean.body), ()
    )


def test_counted_nouns_without_a_doc() -> None:
    clean = clean_from_text(TRICKY)
    assert figures.counted_nouns([(clean, None)]) == [{}]


@pytest.mark.parametrize(
    ("ranges", "merged"),
    [
        ([], []),
        ([(5, 9), (0, 3)], [(0, 3), (5, 9)]),
        ([(0, 4), (4, 6)], [(0, 6)]),
        ([(0, 10), (2, 3), (8, 12)], [(0, 12)]),
    ],
)
def test_merge(ranges: list[tuple[int, int]], merged: list[tuple[int, int]]) -> None:
    assert nlp._merge(ranges) == merged


def test_words_widen_to_whitespace(english: Any) -> None:
    doc = english.make_doc("He said (AFP) it's 5.2bn, roughly.")
    texts_ = [t.text for t in doc]
    lo, hi = nlp._words(doc, texts_.index("AFP"), texts_.index("AFP") + 1)
    assert doc[lo:hi].text == "(AFP)"
    lo, hi = nlp._words(doc, -3, 99)
    assert (lo, hi) == (0, len(doc))


def test_captions_tagged_in_one_batch_agree_with_one_by_one(english: Any) -> None:
    sentences = [
        "Tom Perez, the chairman of the party, during a meeting in Atlanta last February.",
        "Rescue workers at the rubble of a collapsed building in the city on Monday.",
        "The minister said the talks would resume next week in Geneva.",
        "Children drowned when the boat capsized off the coast.",
    ]
    clean.VERBLESS.clear()
    together = clean._verbless_many(sentences)
    one_by_one = {}
    for sentence in sentences:
        clean.VERBLESS.clear()
        one_by_one.update(clean._verbless_many([sentence]))
    assert together == one_by_one
    assert [together[s] for s in sentences] == [True, True, False, False]
    assert [is_photo_caption(s) for s in sentences] == [True, True, False, False]


def test_text_of_is_the_analysed_text(english: Any) -> None:
    (doc,) = nlp.analyse([TRICKY])
    assert doc is not None
    assert nlp.text_of(doc) == doc.text == TRICKY
    assert nlp.text_of(english.make_doc("Two  spaces.")) == "Two  spaces."


@pytest.mark.parametrize("index", range(3))
def test_tag_gives_the_whole_pipeline_fine_tags(english: Any, index: int) -> None:
    """Tagger alone, then the attribute ruler's answers looked up per token: the same
    fine tags as the full pipeline (whitespace tokens included: the ruler retags them)."""
    text = texts()[index] + "\n\nTwo  spaces  here."
    (tags,) = nlp.tag([text])
    assert tags == tuple(token.tag_ for token in english(text))
    assert "_SP" in tags


def test_ruled_part_of_speech_matches_the_ruler(english: Any) -> None:
    whole = english(" ".join(texts()))
    for token in whole:
        assert nlp._ruled(english, token.tag_, token)[1] == token.pos_, token.text
