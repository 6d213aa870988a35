"""The command line, as a user types it: --help everywhere, exit codes, check writes nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SEEDS = ROOT / "tests" / "cases" / "seeds" / "source_articles"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(SEEDS, tmp_path / "source_articles")
    return tmp_path


@pytest.mark.parametrize("command", [[], ["generate"], ["check"], ["build"], ["serve"]])
def test_help_everywhere(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "usage:" in result.stdout
    if command == ["generate"]:
        assert "--source" in result.stdout and "--out" in result.stdout


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "briefings"
    assert script.exists()
    assert subprocess.run([str(script), "--help"], capture_output=True).returncode == 0


def test_usage_error_exits_2() -> None:
    assert run("frobnicate").returncode == 2
    assert run("generate", "--workers", "many").returncode == 2


def test_missing_source_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run("generate", "--source", str(tmp_path / "nope"), "--out", str(tmp_path / "d"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_generate_writes_pages_and_a_summary(project: Path) -> None:
    result = run("generate", "--no-cache", cwd=project)
    assert result.returncode == 0, result.stderr
    stories = project / "docs" / "stories"
    briefings = [p for p in stories.glob("*.md") if p.name not in ("index.md", "tags.md")]
    assert len(briefings) == 1
    assert "2 of 2 source(s) read" in result.stdout
    assert "1 story" in result.stdout


def test_a_bad_source_is_one_line_the_rest_is_written_exit_1(project: Path) -> None:
    (project / "source_articles" / "empty.txt").write_bytes(b"")
    (project / "source_articles" / "binary.txt").write_bytes(bytes(range(256)) * 10)
    result = run("generate", "--no-cache", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    bad_lines = [line for line in result.stderr.splitlines() if "empty.txt" in line]
    assert len(bad_lines) == 1 and bad_lines[0].startswith("source_articles/empty.txt")
    assert any("binary.txt" in line for line in result.stderr.splitlines())
    assert list((project / "docs" / "stories").glob("2024-*.md")), "the good sources still build"


def test_check_writes_nothing_and_verbose_lists_removed_lines(project: Path) -> None:
    result = run("check", "--no-cache", "--verbose", cwd=project)
    assert result.returncode == 0, result.stderr
    assert not (project / "docs").exists()
    assert "000_d9f526054b0b5b27.txt:" in result.stdout
    assert "removed (" in result.stdout
    assert "source site-59" in result.stdout
    assert "story " in result.stdout


def test_strict_turns_warnings_into_failure_and_writes_nothing(project: Path) -> None:
    (project / "source_articles" / "empty.txt").write_bytes(b"")
    result = run("generate", "--no-cache", "--strict", cwd=project)
    assert result.returncode == 1
    assert not (project / "docs").exists()


def test_there_is_no_build_date_option(capsys: pytest.CaptureFixture[str]) -> None:
    """`--build-date` was parsed and read by nothing; it is gone (see the next test)."""
    from generator.__main__ import parser

    with pytest.raises(SystemExit) as exit_info:
        parser().parse_args(["generate", "--build-date", "2025-01-01"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --build-date" in capsys.readouterr().err


CLOCK = re.compile(
    r"\b(?:date|datetime)\.(?:today|now|utcnow)\(|\btime\.(?:time|localtime|gmtime|ctime)\("
)


def test_the_generator_never_reads_the_clock() -> None:
    """Why no build date is needed: every relative date ("yesterday", "on Tuesday") is
    resolved against its article's own date, and an article with none stays undated
    (tests/cases/undated: no timeline), so no output depends on the day of the build."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "generator").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if CLOCK.search(line)
    ]
    assert found == []
    assert CLOCK.search("day = datetime.date.today()")  # the pattern does find a read
