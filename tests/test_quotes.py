"""Quotes: spans and speakers, table tests on hand-written snippets."""

from __future__ import annotations

from typing import Any

import pytest

from generator.extract.entities import find_mentions
from generator.extract.quotes import find_quotes
from generator.model import Quote
from tests.eval.textkit import clean_from_text, meta_for


def quotes_of(text: str, model: Any) -> tuple[Quote, ...]:
    clean = clean_from_text(text)
    doc = model(clean.body) if model is not None else None
    mentions = find_mentions(clean, doc, meta_for(clean))
    return find_quotes(clean, doc, mentions)


def speakers(text: str, model: Any) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in quotes_of(text, model)]


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        (
            "“We have made great progress in three weeks,” said US Secretary of State Antony "
            "Blinken on Friday.",
            "We have made great progress in three weeks",
            "Antony Blinken",
        ),
        (
            '"We will not pay for the wall at all," Mexican President Andrés Manuel López '
            "Obrador said.",
            "We will not pay for the wall at all",
            "Andrés Manuel López Obrador",
        ),
        (
            "Alicia Bárcena told reporters the relationship was “strong, resilient and deep.”",
            "strong, resilient and deep.",
            "Alicia Bárcena",
        ),
        (
            "“The guy has serious judgment issues,” Trump wrote on Twitter about Michael Flynn.",
            "The guy has serious judgment issues",
            "Trump",
        ),
    ],
)
def test_speaker_patterns(model: Any, text: str, quote: str, speaker: str) -> None:
    found = speakers(text, model)
    assert (quote, speaker) in found, found


def test_pronoun_continues_previous_speaker(model: Any) -> None:
    text = (
        "Antony Blinken met Alicia Bárcena in Washington.\n\n"
        "“We made great progress in just three weeks,” Blinken said.\n\n"
        "“We look forward to considering further steps together,” he added."
    )
    found = speakers(text, model)
    assert found[-1] == ("We look forward to considering further steps together", "Antony Blinken")


def test_pronoun_after_new_person_goes_to_subject(model: Any) -> None:
    text = (
        "“It has been a long week for all of us here,” Antony Blinken said.\n\n"
        "Alicia Bárcena brought a message from President Andrés López Obrador.\n\n"
        "“We want to help and support this great task,” she explained."
    )
    found = speakers(text, model)
    assert found[-1] == ("We want to help and support this great task", "Alicia Bárcena")


def test_described_source(model: Any) -> None:
    text = (
        "“No major announcements are expected from the meeting,” a US official, who "
        "wished to remain anonymous, said on Thursday."
    )
    (quote,) = quotes_of(text, model)
    assert quote.speaker_kind == "described"
    assert quote.speaker is not None and "official" in quote.speaker


def test_quote_spanning_paragraphs(model: Any) -> None:
    text = (
        "James Comey wrote in one memo: “He then returned to loyalty and asked again.\n\n"
        "“I replied that he would always get honesty from me, as before.”"
    )
    (quote,) = quotes_of(text, model)
    assert quote.text.startswith("He then returned to loyalty")
    assert quote.text.endswith("honesty from me, as before.")
    assert quote.speaker == "James Comey"
    assert quote.line == 1


def test_scare_quotes_are_not_quotes(model: Any) -> None:
    text = (
        "The two countries pledged to “work together” and to win the “battle” against "
        "smuggling networks this year."
    )
    assert quotes_of(text, model) == ()


def test_short_attributed_quote_is_kept(model: Any) -> None:
    text = (
        "Former President Donald Trump, who is seeking a rematch against Joe Biden, "
        "accused migrants of “poisoning the blood” of the country."
    )
    assert speakers(text, model) == [("poisoning the blood", "Donald Trump")]


def test_long_unattributed_quote_is_kept_without_speaker(model: Any) -> None:
    text = "A banner read “we will not leave this square until the law is repealed.”"
    (quote,) = quotes_of(text, model)
    assert quote.speaker is None and quote.speaker_kind is None


def test_british_single_quotes_beside_double_quotes(model: Any) -> None:
    text = (
        'Governor Andrew Bailey said the bank would "do what is necessary" to cut inflation. '
        "'We are not out of the woods yet,' he told a news conference in London."
    )
    assert ("We are not out of the woods yet", "Andrew Bailey") in speakers(text, model)


def test_described_source_with_its_organisation(model: Any) -> None:
    text = (
        "Aid groups warned that families slept outdoors. “It is a race against time and "
        "cold,” a spokesperson for the Red Cross told the BBC."
    )
    (quote,) = quotes_of(text, model)
    assert quote.speaker_kind == "described"
    assert quote.speaker is not None and "Red Cross" in quote.speaker


def test_apostrophes_are_not_quotes(model: Any) -> None:
    text = "The Trumps' lawyers didn't say what the '90s deals were worth, officials said."
    assert quotes_of(text, model) == ()
