"""Extraction on a Dask cluster (`--scheduler`): a real local cluster of worker processes
on 127.0.0.1, the same output byte for byte as a local run, and one line for what can go
wrong."""

from __future__ import annotations

import functools
import os
import socket
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from generator.__main__ import main
from generator.incremental import distributed as remote
from generator.incremental.extracting import CHUNK_ARTICLES, extract_on_cluster
from generator.incremental.workers import Extracted, chunks, extract_chunk

pytestmark = pytest.mark.slow

EVENTS = (
    ("Ferry strike halts crossings to Tarnholm", "Tarnholm", "Ilse Varga", "ferry crews", 1200),
    ("Flooding closes the Renwick valley road", "Renwick", "Oskar Lindqvist", "residents", 340),
    ("Brisa Mining reports record copper output", "Calama", "Teresa Olmedo", "miners", 5600),
    ("Heat record broken in Port Ellery", "Port Ellery", "Dana Whitcombe", "nurses", 48),
)
OUTLETS = ("Harbour Wire", "Valley Post", "Morning Ledger", "Coast Courier", "North Herald")


def articles() -> dict[str, str]:
    """20 short articles (4 events, 5 outlets each), written for this test."""
    found = {}
    for event, (headline, place, person, group, count) in enumerate(EVENTS):
        for number, outlet in enumerate(OUTLETS):
            figure = count + number * (count // 10 if number == 3 else 0)
            found[f"e{event}-{number}.txt"] = (
                f"{headline}\n\n"
                f"{place.upper()} ({outlet}) - About {figure:,} {group} were affected on "
                f"Tuesday, March {5 + event}, 2024, officials in {place} said.\n\n"
                f'"We are doing everything we can," said {person}, who leads the local '
                f"council. The council will meet again on Friday.\n\n"
                f"{person.split()[-1]} said the costs could reach ${2 + number} million, "
                f"and that {place} had not seen anything like it since 1998.\n"
            )
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A Dask scheduler in this process and 2 worker processes, on 127.0.0.1 only. A task
    whose worker dies fails at once (`allowed-failures` 0), and each worker thread holds
    one task at a time (`worker-saturation` 1.0: a death takes no other task with it)."""
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    settings = {
        "distributed.scheduler.allowed-failures": 0,
        "distributed.scheduler.worker-saturation": 1.0,
    }
    with dask.config.set(settings):
        local = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # its HTTP server (health checks) too
            silence_logs=50,
        )
    try:
        yield local
    finally:
        local.close()


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_generate_on_a_cluster_writes_the_local_runs_bytes(
    cluster: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "source_articles"
    source.mkdir()
    for name, text in articles().items():
        (source / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--quiet", "--no-cache", "--out", "local"]) == 0
    capsys.readouterr()

    # This process must not extract: only the workers can.
    def no_local_extraction(*args: object, **kwargs: object) -> None:
        raise AssertionError("extracted in the process that runs generate")

    monkeypatch.setattr("generator.incremental.workers.prepare_article", no_local_extraction)
    address = cluster.scheduler_address
    cache = tmp_path / "cache.sqlite"
    command = ["generate", "--quiet", "--out", "remote", "--cache", str(cache)]
    assert main([*command, "--scheduler", address]) == 0
    out = capsys.readouterr()
    assert out.err == "" and "20 of 20 source(s) read (0 from cache)" in out.out
    tasks = cluster.scheduler.task_prefixes.get("run_checked")  # the extraction tasks
    assert tasks is not None and tasks.all_durations["compute"] > 0
    assert tree(tmp_path / "remote") == tree(tmp_path / "local")
    assert len(tree(tmp_path / "local")) > 20
    # The cache, written here alone, serves a local run the same articles.
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--quiet", "--out", "again", "--cache", str(cache)]) == 0
    assert "(20 from cache)" in capsys.readouterr().out
    assert tree(tmp_path / "again") == tree(tmp_path / "local")


def die_on(doomed: str, function: Any, items: Sequence[tuple[PurePosixPath, bytes]]) -> Any:
    """`function(items)`, except that the worker process dies on a chunk holding
    `doomed` (as one killed by the kernel for its memory would)."""
    if any(path.name == doomed for path, _data in items):
        os._exit(13)
    return function(items)


def test_an_article_whose_worker_died_is_reported_and_the_rest_extracted(cluster: Any) -> None:
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        items = [(PurePosixPath(name), text.encode()) for name, text in articles().items()]
        task = functools.partial(extract_chunk, max_bytes=1 << 20, prefix="src", debug=False)
        doomed = "e1-2.txt"
        results: list[Extracted] = list(
            extract_on_cluster(
                cluster.scheduler_address,
                functools.partial(die_on, doomed, task),
                chunks(items, CHUNK_ARTICLES),
                "src",
            )
        )
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    outcomes = {str(o.path): o for chunk in results for o in chunk.outcomes}
    assert sorted(outcomes) == sorted(str(name) for name, _ in items)
    lost = next(
        chunk for chunk in chunks(items, CHUNK_ARTICLES) if any(p.name == doomed for p, _ in chunk)
    )
    for path, _data in items:
        outcome = outcomes[str(path)]
        if any(path == other for other, _ in lost):
            assert outcome.article is None and outcome.problem is not None
            assert str(outcome.problem) == (
                f"src/{path}: error: not extracted: its task failed on the Dask cluster "
                "(the Dask worker running it died, as often as the scheduler allows)"
            )
        else:
            assert outcome.problem is None and outcome.article is not None


def test_an_unreachable_scheduler_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "source_articles").mkdir()
    (tmp_path / "source_articles" / "a.txt").write_text(articles()["e0-0.txt"], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(remote, "CONNECT_SECONDS", 1.0)
    address = f"tcp://127.0.0.1:{free_port()}"
    assert main(["generate", "--quiet", "--no-cache", "--scheduler", address]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"briefings: cannot reach the Dask scheduler at {address} (")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "docs" / "stories").exists()


def test_workers_of_another_version_stop_the_run_with_one_line(
    cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(remote, "extraction_version", lambda: "0123456789abcdef")
    with pytest.raises(remote.ClusterProblem) as raised:
        list(remote.cluster_map(cluster.scheduler_address, len, ["ab"], lambda task, why: -1))
    message = str(raised.value)
    assert message.startswith("Dask worker tcp://127.0.0.1:") and "\n" not in message
    assert "(extraction version " in message and ", here 0123456789abcdef)" in message


def test_a_worker_of_another_version_refuses_its_task(cluster: Any) -> None:
    failures: list[str] = []

    def failed(task: str, why: str) -> int:
        failures.append(why)
        return -1

    results = list(
        remote._run(
            cluster.get_client(), cluster.scheduler_address, len, ["ab", "abc"], failed, "other"
        )
    )
    assert results == [-1, -1]
    assert all(why.startswith("OtherVersion: this worker's briefings code") for why in failures)


@pytest.mark.parametrize(
    ("address", "good"),
    [
        ("tcp://10.0.0.5:8786", True),
        ("tls://scheduler.example:8786", True),
        ("10.0.0.5:8786", False),
        ("tcp://", False),
        ("tcp://host:8786/path", False),
    ],
)
def test_the_scheduler_setting_must_be_an_address(address: str, good: bool) -> None:
    from generator.config import Settings

    problems = Settings(scheduler=address).problems()
    assert (problems == []) is good
    if not good:
        assert problems == [
            f"scheduler must be a Dask scheduler's address such as tcp://HOST:8786, not {address!r}"
        ]


def test_the_scheduler_comes_from_mkdocs_yml_and_the_command_line_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.__main__ import parser, settings_from

    (tmp_path / "mkdocs.yml").write_text(
        "site_name: S\nplugins:\n  - briefings:\n"
        "      scheduler: !ENV [BRIEFINGS_TEST_SCHEDULER, null]\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BRIEFINGS_TEST_SCHEDULER", raising=False)
    assert settings_from(parser().parse_args(["check"])).scheduler is None
    monkeypatch.setenv("BRIEFINGS_TEST_SCHEDULER", "tcp://127.0.0.1:8786")
    assert settings_from(parser().parse_args(["check"])).scheduler == "tcp://127.0.0.1:8786"
    given = parser().parse_args(["check", "--scheduler", "tcp://127.0.0.1:9000"])
    assert settings_from(given).scheduler == "tcp://127.0.0.1:9000"
