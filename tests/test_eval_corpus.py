"""`./dev eval` (benchmarks.eval_corpus): the command it runs, and the skip without corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks import eval_corpus


def test_command_scores_the_large_corpus_and_passes_arguments_through() -> None:
    argv = eval_corpus.command(["--dated", "-v", "--json", "/tmp/x.json"])
    assert argv[:2] == [sys.executable, str(eval_corpus.SCRIPT)]
    assert argv[2:4] == ["--data", str(eval_corpus.CORPUS)]
    assert argv[4:] == ["--dated", "-v", "--json", "/tmp/x.json"]
    assert eval_corpus.SCRIPT.parts[-3:] == ("shared", "tools", "score_corpus.py")


def test_another_corpus_named_with_data_replaces_the_default() -> None:
    argv = eval_corpus.command(["--data", "/elsewhere"])
    assert argv[2:] == ["--data", "/elsewhere"]


def test_the_venv_briefings_comes_first_on_path() -> None:
    path = eval_corpus.environment()["PATH"].split(":")
    assert path[0] == str(Path(sys.executable).parent)


def test_absent_corpus_is_skipped_with_a_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "score_corpus.py"
    script.write_text("raise SystemExit(3)\n")
    monkeypatch.setattr(eval_corpus, "SCRIPT", script)
    monkeypatch.setattr(eval_corpus, "CORPUS", tmp_path / "absent")
    assert eval_corpus.main([]) == 0
    assert "skipped" in capsys.readouterr().out
    (tmp_path / "absent" / "corpus_clusters").mkdir(parents=True)
    (tmp_path / "absent" / "ner").mkdir()
    assert eval_corpus.main([]) == 3  # present: the script runs and its status comes back


def test_absent_script_is_skipped_with_a_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(eval_corpus, "SCRIPT", tmp_path / "none.py")
    assert eval_corpus.main(["--dated"]) == 0
    assert "skipped" in capsys.readouterr().out
