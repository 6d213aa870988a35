"""Extraction on a Dask cluster: `briefings generate --scheduler tcp://HOST:PORT`, or the
plugin's `scheduler` option.

Only the extraction of new articles (decoding, cleaning, spaCy and the extractors: the
same `workers.extract_chunk` tasks, of the same chunks, as the local worker processes
run) goes to the cluster's workers; the results come back to this process, which stays
the only writer of the SQLite cache and runs grouping, comparison and rendering itself.
The output is the same, byte for byte, as a local run's.

A worker needs this package and its lock installed (spaCy's model included), so that
its extraction is this machine's: every task carries this machine's extraction version
(`cache.code_version("articles")`: the code of the extraction modules and the versions of
the libraries that shape it), and a worker with another version refuses the task. When
the run starts, every worker present is asked the same, so a cluster set up with other
versions stops the run with one line at once.

What can go wrong is one line, never a traceback: an unreachable scheduler, a cluster
with no worker, or workers of other versions stop the run (`ClusterProblem`); a task
that fails (its worker died as often as the scheduler allows, `allowed-failures`, or it
was refused) makes a problem for each of its articles, and the rest are written.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

A = TypeVar("A")
R = TypeVar("R")

CONNECT_SECONDS = 10.0
"""How long to try reaching the scheduler."""

WORKERS_SECONDS = 60.0
"""How long to wait for a first worker, at the start or after every worker left."""

POLL_SECONDS = 2.0
"""How often a run with no result coming checks that the cluster still has workers."""

IN_FLIGHT_PER_THREAD = 2
"""Tasks sent ahead per worker thread: each thread has its next task at hand, and the
scheduler never holds the sources of the whole archive at once."""


class ClusterProblem(Exception):
    """The cluster cannot be used; the message is one line naming the scheduler."""


def extraction_version() -> str:
    """This process's extraction version (see the module's docstring)."""
    from generator.incremental.keys import code_version

    return code_version("articles")


def worker_version() -> str:
    """`extraction_version`, as a worker answers it."""
    return extraction_version()


class OtherVersion(Exception):
    """A worker's extraction version is not the one of the machine that runs `generate`."""


def run_checked(function: Callable[[A], R], version: str, task: A) -> R:
    """`function(task)` on a worker whose extraction version is `version`."""
    mine = extraction_version()
    if mine != version:
        raise OtherVersion(
            f"this worker's briefings code or libraries differ (extraction version {mine}, "
            f"expected {version})"
        )
    return function(task)


def one_line(error: BaseException, limit: int = 300) -> str:
    text = " ".join(f"{type(error).__name__}: {error}".split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cluster_map(
    address: str,
    function: Callable[[A], R],
    tasks: Sequence[A],
    failed: Callable[[A, str], R],
) -> Iterator[R]:
    """`function` over `tasks` on the Dask cluster whose scheduler is at `address`, as
    the results come (in any order); a task that fails gives `failed(task, reason)`.
    Raises `ClusterProblem` when the cluster cannot be used."""
    if not tasks:
        return
    try:
        import distributed
    except ImportError as error:
        raise ClusterProblem(f"--scheduler needs the Dask distributed package ({error})") from error
    try:
        connect: Any = distributed.Client  # untyped
        client = connect(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as error:
        raise ClusterProblem(
            f"cannot reach the Dask scheduler at {address} ({one_line(error)})"
        ) from error
    try:
        version = extraction_version()
        check_workers(client, address, version)
        yield from _run(client, address, function, tasks, failed, version)
    finally:
        client.close(timeout=CONNECT_SECONDS)


def check_workers(client: Any, address: str, version: str) -> None:
    """Wait for a first worker; then every worker present must have `version`."""
    try:
        client.wait_for_workers(1, timeout=WORKERS_SECONDS)
    except (TimeoutError, OSError) as error:
        raise ClusterProblem(
            f"the Dask scheduler at {address} has no worker (waited {WORKERS_SECONDS:.0f} s)"
        ) from error
    try:
        versions = client.run(worker_version)
    except Exception as error:  # noqa: BLE001 - the workers' own failure, as one line
        raise ClusterProblem(
            f"the Dask workers of {address} cannot run briefings ({one_line(error)}); "
            "install briefings and its lock on every worker"
        ) from error
    for worker, theirs in sorted(versions.items()):
        if theirs != version:
            raise ClusterProblem(
                f"Dask worker {worker} runs other briefings code or libraries than this "
                f"machine (extraction version {theirs}, here {version}); install the same "
                "briefings and requirements/runtime.lock on every worker"
            )


def _run(
    client: Any,
    address: str,
    function: Callable[[A], R],
    tasks: Sequence[A],
    failed: Callable[[A, str], R],
    version: str,
) -> Iterator[R]:
    import distributed

    wait: Any = distributed.wait  # untyped
    queued = iter(tasks)
    pending: dict[Any, A] = {}  # future -> its task
    threads = max(1, sum(client.nthreads().values()))
    since = 0  # results since the number of threads was last asked
    idle_since: float | None = None
    more = True
    while more or pending:
        while more and len(pending) < threads * IN_FLIGHT_PER_THREAD:
            task = next(queued, None)
            if task is None:
                more = False
                break
            future = client.submit(run_checked, function, version, task, pure=False)
            pending[future] = task
        try:
            with client.as_current():  # `wait` asks for the current client
                done = wait(list(pending), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED")
        except TimeoutError:
            idle_since = _check_alive(client, address, idle_since)
            continue
        idle_since = None
        for future in done.done:
            task = pending.pop(future)
            yield _outcome(future, task, failed, address)
            future.release()
        since += len(done.done)
        if since >= 64:
            threads = max(1, sum(client.nthreads().values()))
            since = 0


def _outcome(future: Any, task: A, failed: Callable[[A, str], R], address: str) -> R:
    if future.status == "finished":
        try:
            result: R = future.result()
        except Exception as error:  # noqa: BLE001 - lost on the way back
            return failed(task, one_line(error))
        return result
    if future.status == "cancelled":
        raise ClusterProblem(f"lost the Dask scheduler at {address} during the run")
    exception = future.exception()
    if type(exception).__name__ == "KilledWorker":
        return failed(task, "the Dask worker running it died, as often as the scheduler allows")
    return failed(task, one_line(exception))


def _check_alive(client: Any, address: str, idle_since: float | None) -> float | None:
    """After a wait with no result: None while the cluster has workers; else when it had
    none first, and `ClusterProblem` once that is `WORKERS_SECONDS` ago."""
    try:
        workers = client.nthreads() if client.status == "running" else {}
    except (OSError, TimeoutError):
        workers = {}
    if workers:
        return None
    now = time.monotonic()
    if idle_since is None:
        return now
    if now - idle_since > WORKERS_SECONDS:
        raise ClusterProblem(
            f"the Dask scheduler at {address} has had no worker (or been unreachable) for "
            f"{WORKERS_SECONDS:.0f} s"
        )
    return idle_since
