"""Issue 20: no input can stall the site or take another story's place.

Bounded work (budgets per source, the time budget of the extraction worker, the
quadratic loops replaced by equivalent bounded ones), protected URLs (forced story ids,
reserved ids, the published ids file), and problems 4-10: per-component opening under
the source folder, staging folders owned by their run, control characters escaped in
what is printed, YAML nesting depth, names normalised, bidi controls out of headlines,
cp1252 preferred for Western European text. Timings are in benchmarks/pathological.py.
"""

from __future__ import annotations

import json
import logging
import os
import random
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

import pytest

from generator.config import (
    MAX_FRONT_MATTER_CHARS,
    MAX_FRONT_MATTER_DEPTH,
    MAX_PARAGRAPH_CHARS,
    MAX_WORDS,
    STORIES_DIR,
    Settings,
)
from generator.errors import Problem, SourceError, printable
from generator.extract import article as extract
from generator.extract.entities import (
    _SENTENCE_START,
    _at_sentence_start,
    normalise_name,
    single_script,
)
from generator.extract.meta import tidy_title
from generator.extract.nlp import sentence_spans
from generator.extract.quotes import _sentence_around, _Sentences
from generator.incremental import workers
from generator.mkdocs_plugin import log as plugin_log
from generator.output.published import IDS_FILE, RESERVED_STORY_IDS, read_published_ids
from generator.output.write import owned_run, write_site
from generator.pipeline import BuildResult, build
from generator.sources.read import decode_source, load_source

BODY = (
    "The city council of Springfield voted on Tuesday to close the old bridge over the "
    "river after engineers found cracks in two of its supports.\n\n"
    "“We cannot take the risk,” said Mayor Ann Hale, who chaired the meeting.\n\n"
    "More than 12,000 vehicles cross the bridge every day, according to the council.\n"
)
FERRY = (
    "Ferry pier reopens in Shelbyville\n\n"
    "The county of Shelbyville reopened its ferry pier on Friday after repairs that cost "
    "about $2 million, officials said.\n"
)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def settings_for(tmp_path: Path, **changes: object) -> Settings:
    values: dict[str, object] = {
        "source_dir": tmp_path / "src",
        "out_dir": tmp_path / "docs",
        "cache_path": tmp_path / "cache" / "cache.sqlite",
        "workers": 1,
    }
    values.update(changes)
    return Settings(**values)  # type: ignore[arg-type]


def write_sources(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def messages(result: BuildResult, severity: str | None = None) -> list[str]:
    return [
        str(problem)
        for problem in result.report.problems
        if severity is None or problem.severity == severity
    ]


def generate(settings: Settings) -> BuildResult:
    result = build(settings)
    write_site(result.pages, settings.out_dir)
    return result


# --------------------------------------------------------------------------- budgets


def refused(name: str, data: bytes) -> str:
    with pytest.raises(SourceError) as caught:
        decode_source(PurePosixPath(name), data, 10 * 1024 * 1024)
    return str(caught.value)


def test_a_line_over_the_paragraph_budget_is_refused_with_its_line() -> None:
    line = "word " * (MAX_PARAGRAPH_CHARS // 5 + 10)
    message = refused("scrape.txt", f"Headline\n\n{line}\n".encode())
    assert message.startswith("scrape.txt:3: line too long (")
    assert f"the limit is {MAX_PARAGRAPH_CHARS:,}" in message


def test_a_text_over_the_word_budget_is_refused() -> None:
    body = "\n\n".join(f"Item {i} is up." for i in range(MAX_WORDS // 4 + 10))
    message = refused("items.txt", f"Headline\n\n{body}\n".encode())
    assert "text too long" in message and f"the limit is {MAX_WORDS:,}" in message


def test_a_front_matter_over_its_budget_is_refused_before_parsing() -> None:
    keys = "".join(f"key{i}: value\n" for i in range(MAX_FRONT_MATTER_CHARS // 10))
    message = refused("keys.md", f"---\n{keys}---\nBody text.\n".encode())
    assert message.startswith("keys.md:1: front matter too large (")


def test_a_paragraph_of_many_short_lines_over_the_budget_is_refused() -> None:
    lines = "\n".join("and the bridge stays shut" for _ in range(MAX_PARAGRAPH_CHARS // 25 + 10))
    raw = decode_source(PurePosixPath("wrapped.txt"), f"Headline\n\n{lines}\n".encode(), 1 << 24)
    with pytest.raises(SourceError) as caught:
        extract.prepare_article(raw)
    assert "paragraph too long" in str(caught.value)


def test_budgets_are_one_line_and_the_rest_of_the_site_builds(tmp_path: Path) -> None:
    write_sources(tmp_path / "src", {"bridge.txt": "Council closes bridge\n\n" + BODY})
    (tmp_path / "src" / "line.txt").write_text("Headline\n\n" + "x" * (MAX_PARAGRAPH_CHARS + 1))
    result = run_cli(
        "generate", "--quiet", "--source", "src", "--out", "docs", "--no-cache", cwd=tmp_path
    )
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if "line.txt" in line]
    assert len(lines) == 1 and "line too long" in lines[0]
    assert "Traceback" not in result.stderr
    assert any((tmp_path / "docs" / STORIES_DIR).glob("*council-closes-bridge.md"))


def test_figures_and_quotes_over_their_budget_are_cut_with_a_warning_every_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract, "MAX_FIGURES", 2)
    monkeypatch.setattr(extract, "MAX_QUOTES", 1)
    body = (
        "The port handled 1,200 ships, 45,000 containers and 3 million tonnes last year, "
        "and 800 workers joined in March, the port authority said.\n\n"
        "“We will build a second quay before the winter,” said harbour master Rui Costa.\n\n"
        "“The old cranes will go next year,” said port director Mia Berg on Monday.\n"
    )
    write_sources(tmp_path / "src", {"port.txt": "Port grows again\n\n" + body})
    settings = settings_for(tmp_path)
    for _run in range(2):  # the second run reads the article from the cache
        result = build(settings)
        warnings = messages(result, "warning")
        assert any("key figures, more than the 2 kept" in w for w in warnings), warnings
        assert any("quotations, more than the 1 kept" in w for w in warnings), warnings
        story = result.briefings[0].story
        assert len(result.briefings[0].figures) <= 2
        assert story.articles[0].notes


def test_a_source_over_the_time_budget_is_reported_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = workers.analyse_articles

    def slow_for_one(prepared: Sequence[extract.Prepared], count: int = 1) -> list[object]:
        if any(item.raw.path.name == "slow.txt" for item in prepared):
            time.sleep(30)
        return real(prepared, count)  # type: ignore[return-value]

    monkeypatch.setattr(workers, "analyse_articles", slow_for_one)
    write_sources(
        tmp_path / "src",
        {"bridge.txt": "Council closes bridge\n\n" + BODY, "slow.txt": FERRY},
    )
    started = time.monotonic()
    result = build(settings_for(tmp_path, article_seconds=1.0, cache_path=None))
    assert time.monotonic() - started < 25  # the sleeps were cut short
    errors = messages(result, "error")
    assert len(errors) == 1 and "slow.txt" in errors[0]
    assert "longer than 1 s" in errors[0] and "skipped" in errors[0]
    assert [str(a.source) for b in result.briefings for a in b.story.articles] == ["bridge.txt"]


# --------------------------------------------------------------------------- linear loops


def test_sentence_start_test_reads_back_as_the_regular_expression_did() -> None:
    rng = random.Random(20)
    alphabet = 'ab. \n\t:;"“”!?X\u00a0'
    for _ in range(3000):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        for start in range(len(body) + 1):
            assert _at_sentence_start(body, start) == bool(_SENTENCE_START.search(body[:start]))


def test_sentence_around_with_the_paragraphs_sentences_found_once() -> None:
    rng = random.Random(7)
    words = ["“We will", "rebuild it,”", "said Ann.", "Why?", "“Now!”", "Mr. Hale", "left."]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 14)))
        sentences = _Sentences.of(text)
        assert sentences.spans == sentence_spans(text)
        for _ in range(5):
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text))
            assert _sentence_around(text, start, end, sentences) == _old_sentence_around(
                text, start, end
            )


def _old_sentence_around(text: str, start: int, end: int) -> tuple[str, int]:
    """`quotes._sentence_around` as it was: every sentence tried for every quotation."""
    spans = sentence_spans(text)
    lo, hi = start, end
    for s_lo, s_hi in spans:
        if s_lo <= start < s_hi or (s_lo < end <= s_hi):
            lo = min(lo, s_lo)
            hi = max(hi, s_hi)
    if hi <= end + 1 and text[max(0, end - 3) : end].rstrip("”\"’'")[-1:] in {"?", "!"}:
        for s_lo, s_hi in spans:
            if s_lo >= hi - 1 and s_lo <= hi + 2:
                hi = s_hi
                break
    return text[lo:hi], lo


# --------------------------------------------------------------------------- published URLs


def test_a_forced_id_cannot_take_a_published_storys_url(tmp_path: Path) -> None:
    write_sources(tmp_path / "src", {"bridge.txt": "Council closes bridge\n\n" + BODY})
    settings = settings_for(tmp_path)
    generate(settings)
    ids = json.loads((tmp_path / "docs" / STORIES_DIR / IDS_FILE).read_text())
    published = ids["bridge.txt"]
    forged = f"---\nstory: {published}\ntitle: Not the bridge story\n---\n" + FERRY
    write_sources(tmp_path / "src", {"forged.md": forged})
    result = generate(settings)
    errors = messages(result, "error")
    assert len(errors) == 1
    assert "forged.md" in errors[0] and "bridge.txt" in errors[0] and published in errors[0]
    ids = json.loads((tmp_path / "docs" / STORIES_DIR / IDS_FILE).read_text())
    assert ids == {"bridge.txt": published}  # the real story stays put; the forgery is out
    assert (
        (tmp_path / "docs" / STORIES_DIR / f"{published}.md")
        .read_text()
        .count("Council closes bridge")
    )


def test_sources_forced_to_one_published_id_still_join_it(tmp_path: Path) -> None:
    first = "---\nstory: bridge-closure\n---\nCouncil closes bridge\n\n" + BODY
    write_sources(tmp_path / "src", {"a.md": first})
    settings = settings_for(tmp_path)
    generate(settings)
    write_sources(tmp_path / "src", {"b.md": "---\nstory: bridge-closure\n---\n" + FERRY})
    result = generate(settings)
    assert not messages(result, "error")
    ids = json.loads((tmp_path / "docs" / STORIES_DIR / IDS_FILE).read_text())
    assert ids == {"a.md": "bridge-closure", "b.md": "bridge-closure"}


@pytest.mark.parametrize("reserved", sorted(RESERVED_STORY_IDS))
def test_reserved_story_ids_are_refused(tmp_path: Path, reserved: str) -> None:
    write_sources(
        tmp_path / "src",
        {
            "bridge.txt": "Council closes bridge\n\n" + BODY,
            "taken.md": f"---\nstory: {reserved}\n---\n" + FERRY,
        },
    )
    result = build(settings_for(tmp_path, cache_path=None))
    errors = messages(result, "error")
    assert len(errors) == 1 and "taken.md" in errors[0] and "reserved" in errors[0]
    assert all(b.story.story_id != reserved for b in result.briefings)


def test_reserved_ids_cover_every_name_the_listings_use(tmp_path: Path) -> None:
    write_sources(tmp_path / "src", {"bridge.txt": "Council closes bridge\n\n" + BODY})
    result = generate(settings_for(tmp_path, cache_path=None))
    ids = {briefing.story.story_id for briefing in result.briefings}
    for entry in (tmp_path / "docs" / STORIES_DIR).iterdir():
        name = entry.name.split(".")[0]
        if entry.name.startswith(".") or name in ids:
            continue
        assert name in RESERVED_STORY_IDS, entry.name


@pytest.mark.parametrize(
    "text",
    [
        '{"bridge.txt": "../../evil"}',
        '{"bridge.txt": "index"}',
        '{"bridge.txt": "Bad Id"}',
        '{"bridge.txt": 5, "/etc/passwd": "x"}',
        "[1, 2]",
        "{not json",
        "\udcff",
    ],
)
def test_a_hand_edited_ids_file_is_reported_and_rebuilt(tmp_path: Path, text: str) -> None:
    write_sources(tmp_path / "src", {"bridge.txt": "Council closes bridge\n\n" + BODY})
    stories = tmp_path / "docs" / STORIES_DIR
    stories.mkdir(parents=True)
    (stories / ".generated").write_text("")
    (stories / IDS_FILE).write_bytes(text.encode("utf-8", "surrogateescape"))
    result = run_cli("generate", "--quiet", "--source", "src", "--out", "docs", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{IDS_FILE}: warning:" in result.stderr
    ids = json.loads((stories / IDS_FILE).read_text())
    assert list(ids) == ["bridge.txt"] and read_published_ids(tmp_path / "docs") == ids
    assert (stories / f"{ids['bridge.txt']}.md").exists()  # the briefing is not dropped
    assert "Council closes bridge" not in (stories / "index.md").read_text().split("\n")[1]


# --------------------------------------------------------------------------- problems 4-10


def test_a_folder_swapped_for_a_symlink_after_listing_is_not_followed(tmp_path: Path) -> None:
    source = tmp_path / "src"
    outside = tmp_path / "outside"
    write_sources(source / "sub", {"a.txt": "Listed\n\nInside text.\n"})
    write_sources(outside, {"a.txt": "Secret\n\nOutside text.\n"})
    assert load_source(source, PurePosixPath("sub/a.txt"), 1 << 20).startswith(b"Listed")
    (source / "sub" / "a.txt").unlink()
    (source / "sub").rmdir()
    (source / "sub").symlink_to(outside, target_is_directory=True)  # the swap
    with pytest.raises(SourceError) as caught:
        load_source(source, PurePosixPath("sub/a.txt"), 1 << 20)
    assert "leaves the source folder" in str(caught.value)


def test_a_file_symlink_is_checked_where_it_really_leads(tmp_path: Path) -> None:
    source = tmp_path / "src"
    write_sources(source, {"real.txt": "Inside\n\nText.\n"})
    write_sources(tmp_path / "outside", {"b.txt": "Secret\n\nText.\n"})
    (source / "inner.txt").symlink_to(source / "real.txt")
    (source / "outer.txt").symlink_to(tmp_path / "outside" / "b.txt")
    assert load_source(source, PurePosixPath("inner.txt"), 1 << 20).startswith(b"Inside")
    with pytest.raises(SourceError):
        load_source(source, PurePosixPath("outer.txt"), 1 << 20)


def test_a_run_leaves_another_runs_staging_folder_alone(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    stale = out / f".{STORIES_DIR}.staging-12345-deadbeef"  # of a run that died
    stale.mkdir()
    with owned_run(out) as token:  # a run in progress, holding its lock
        staging = out / f".{STORIES_DIR}.staging-{token}"
        staging.mkdir()
        (staging / "page.md").write_text("half written")
        write_site([], out)  # a second run meanwhile
        assert (staging / "page.md").exists()
    assert not stale.exists()
    write_site([], out)  # once the first run is over, its leftovers are cleared
    assert not staging.exists()


def test_control_characters_in_file_names_are_escaped_when_printed(tmp_path: Path) -> None:
    name = "evil\x1b[2J\x1b]0;owned\x07\u202e.txt"
    write_sources(tmp_path / "src", {"good.txt": "Council closes bridge\n\n" + BODY})
    (tmp_path / "src" / name).write_bytes(b"")
    result = run_cli("generate", "--quiet", "--source", "src", "--out", "docs", cwd=tmp_path)
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\u202e" not in result.stderr
    assert "evil\\x1b[2J\\x1b]0;owned\\x07\\u202e.txt" in result.stderr
    assert printable("a\nb\tc\u200dd") == "a\\x0ab\\x09c\\u200dd"
    assert str(Problem("x\x1b.txt", "bad\x9b")) == "x\\x1b.txt: error: bad\\x9b"


def test_the_plugin_log_escapes_control_characters(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=plugin_log.name):
        plugin_log.warning("%s", "src/a\x1b[31m.txt: error: empty file")
    assert caplog.messages == ["src/a\\x1b[31m.txt: error: empty file"]


def test_deeply_nested_front_matter_is_a_clear_error_exit_1(tmp_path: Path) -> None:
    deep = "---\ntitle: " + "[" * 5000 + "\n---\nBody text.\n"
    nested = "---\nwho:\n" + "".join("  " * i + "k:\n" for i in range(1, 40)) + "---\nBody.\n"
    write_sources(
        tmp_path / "src",
        {"deep.md": deep, "nested.md": nested, "good.txt": "Council closes bridge\n\n" + BODY},
    )
    result = run_cli("generate", "--quiet", "--source", "src", "--out", "docs", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    said = [line for line in result.stderr.splitlines() if "deep.md" in line or "nested.md" in line]
    assert len(said) == 2
    assert all(f"nested too deeply (more than {MAX_FRONT_MATTER_DEPTH}" in s for s in said)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_names_are_normalised_and_look_alikes_never_canonical(tmp_path: Path) -> None:
    assert normalise_name("Ａｎｎ\u200b Hale\u202e") == "Ann Hale"
    assert single_script("Begoña Núñez") and not single_script("\u0410nn Hale")
    spoof = "\u0410nn Hale"  # a Cyrillic А
    body = (
        f"Mayor {spoof} opened the new ferry pier in Shelbyville on Friday.\n\n"
        "“The pier will serve 3,000 passengers a day,” said Mayor Ann Hale.\n\n"
        "Ann Hale said the repairs cost about $2 million.\n\n"
        "“We kept our word,” said Mayor An\u200dn Hale, smiling.\n"
    )
    write_sources(tmp_path / "src", {"pier.txt": "Ferry pier reopens\n\n" + body})
    result = build(settings_for(tmp_path, cache_path=None))
    briefing = result.briefings[0]
    people = [entity.name for entity in briefing.people]
    assert "Ann Hale" in people and spoof not in people
    assert not any("\u200d" in name for name in people)
    speakers = {quote.speaker for quote in briefing.quotes}
    assert speakers == {"Ann Hale"}
    assert any("mixes scripts" in w and "CYRILLIC" in w for w in messages(result, "warning"))


def test_bidi_controls_are_stripped_from_headlines(tmp_path: Path) -> None:
    assert (
        tidy_title("Council \u202eegdirb\u202c closes \u2067x\u2069") == "Council egdirb closes x"
    )
    write_sources(tmp_path / "src", {"rlo.txt": "Council \u202eesolc\u202c bridge\n\n" + BODY})
    result = build(settings_for(tmp_path, cache_path=None))
    assert result.briefings[0].title == "Council esolc bridge"


WESTERN = (
    "Council closes the old bridge\n\nThe city council voted on Tuesday to close the old "
    "bridge over the river after engineers found cracks in two of its supports, said "
    "Begoña Núñez, who chaired the meeting of the council.\n"
)


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (WESTERN, "cp1252", "cp1252"),
        ("Begoña Núñez\n\nBody.\n", "cp1252", "cp1252"),
        (
            "Œuvre\n\nLe maire a déclaré que la façade sera rénovée. Œuvre coûteuse.\n",
            "cp1252",
            "cp1252",
        ),
        (
            "Wyjątkowo ładna pogoda w Łodzi. Prezydent miasta powiedział, że ulica "
            "zostanie zamknięta w środę.\n",
            "cp1250",
            "cp1250",
        ),
        ("Мост\n\nПрезидент заявил, что мост будет закрыт в среду.\n", "cp1251", "cp1251"),
    ],
)
def test_cp1252_is_preferred_for_western_european_text(
    text: str, encoding: str, expected: str
) -> None:
    raw = decode_source(PurePosixPath("a.txt"), text.encode(encoding), 1 << 20)
    assert raw.encoding == expected
    assert raw.text.strip() == text.strip()


def test_zero_width_characters_inside_latin_words_are_dropped() -> None:
    text = (
        "Headline\n\nAnn\u200bHa\u200dle met \U0001f468\u200d\U0001f469 and \u0645\u200c\u06cc.\n"
    )
    raw = decode_source(PurePosixPath("zw.txt"), text.encode(), 1 << 20)
    assert "AnnHale" in raw.text
    assert "\U0001f468\u200d\U0001f469" in raw.text and "\u0645\u200c\u06cc" in raw.text


def test_time_budget_only_where_a_timer_signal_can_be_had() -> None:
    import threading

    seen: list[bool] = []

    def in_thread() -> None:
        with workers.time_budget(0.01):
            time.sleep(0.05)
        seen.append(True)

    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join()
    assert seen == [True]  # no budget outside the main thread, and no error either
    with pytest.raises(workers.OverBudget), workers.time_budget(0.05):
        time.sleep(2)
    assert os.getpid()  # the alarm is off again: this line runs


def test_run_on_sentences_are_read_in_bounded_pieces() -> None:
    from generator.extract.nlp import LONG_SENTENCE, cut_long

    text = ", ".join(f"{i} cars on road {i}" for i in range(2000))
    pieces = cut_long(text, 0, len(text))
    assert len(pieces) > 1 and all(hi - lo <= LONG_SENTENCE for lo, hi in pieces)
    assert "".join(text[lo:hi] for lo, hi in pieces).replace(" ", "") == text.replace(" ", "")
    assert all(text[hi - 1] == "," for lo, hi in pieces[:-1])  # cut after a clause
    short = "A normal sentence, with a comma."
    assert cut_long(short, 0, len(short)) == [(0, len(short))]
    # a quotation deep inside a run-on is framed by the words around it, not the whole
    start = text.index("1000 cars")
    frame, lo = _sentence_around(text, start, start + 9)
    assert lo <= start and start + 9 <= lo + len(frame) <= len(text)
    assert len(frame) <= 2 * LONG_SENTENCE + 9
