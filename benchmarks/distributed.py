"""What extraction on a Dask cluster costs per article: `python -m benchmarks.distributed`.

The figures behind the estimate of `benchmarks/README.md` ("A million articles on a
cluster"), for N synthetic articles (`benchmarks.corpus`, default 400), in chunks of
`incremental.extracting.CHUNK_ARTICLES` as `generate --scheduler` sends them:

- extraction: wall and CPU seconds per article of `workers.extract_chunk` in one warm
  process (the model loaded beforehand), which is what each worker thread does;
- transfer: the bytes of each task as the client sends it (cloudpickle of the function,
  its arguments and the chunk's sources, as Dask pickles a task) and of its result
  (pickle of the `Extracted`, as Dask sends it back), per article;
- intake: seconds per article that the machine running `generate` spends on a result
  (unpickling it, and writing the article and its outline to the SQLite cache), the
  part that does not spread over workers.

`--cluster` also times the whole extraction through a local Dask cluster of 2 worker
processes against the local pool (both on this machine's 2 cores: the cluster's
overhead, not a speed-up).
"""

from __future__ import annotations

import argparse
import functools
import pickle
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from benchmarks import corpus


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=400, help="articles (default 400)")
    parser.add_argument("--cluster", action="store_true", help="also time a local cluster")
    args = parser.parse_args(argv)

    import cloudpickle

    from generator.extract import nlp
    from generator.incremental.distributed import extraction_version, run_checked
    from generator.incremental.extracting import CHUNK_ARTICLES
    from generator.incremental.outlines import outline
    from generator.incremental.store import Store
    from generator.incremental.workers import Extracted, chunks, extract_chunk, warm_up_extraction

    files = corpus.generate(args.n)
    items = [(PurePosixPath(f.name), f.text.encode("utf-8")) for f in files]
    tasks = chunks(items, CHUNK_ARTICLES)
    task = functools.partial(extract_chunk, max_bytes=5 << 20, prefix="src", debug=False)
    version = extraction_version()
    warm_up_extraction()
    assert nlp.model_problem() is None, nlp.model_problem()

    sent: list[int] = []
    returned: list[bytes] = []
    wall = time.perf_counter()
    cpu = time.process_time()
    for chunk in tasks:
        sent.append(len(cloudpickle.dumps((run_checked, task, version, chunk), protocol=5)))
        result: Extracted = run_checked(task, version, chunk)
        returned.append(pickle.dumps(result, protocol=5))
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu
    source_bytes = sum(len(data) for _path, data in items)
    n = len(items)
    print(f"{n} articles, {len(tasks)} tasks of {CHUNK_ARTICLES}")
    print(
        f"extraction in one warm process: {wall / n * 1000:.1f} ms wall, "
        f"{cpu / n * 1000:.1f} ms CPU per article"
    )
    print(
        f"task in: {statistics.mean(sent) / 1024:.1f} kB per task, "
        f"{sum(sent) / n / 1024:.2f} kB per article (sources {source_bytes / n / 1024:.2f} kB)"
    )
    print(
        f"result out: {statistics.mean(len(r) for r in returned) / 1024:.1f} kB per task, "
        f"{sum(len(r) for r in returned) / n / 1024:.2f} kB per article"
    )

    with tempfile.TemporaryDirectory() as folder:
        cache = Store(Path(folder) / "cache.sqlite")
        started = time.perf_counter()
        for index, data in enumerate(returned):
            extracted: Extracted = pickle.loads(data)
            new = [
                (f"key-{index}-{o.path}", o.article)
                for o in extracted.outcomes
                if o.article is not None
            ]
            cache.articles.put_many(new)
            cache.outlines.put_many((key, outline(article)) for key, article in new)
        intake = time.perf_counter() - started
        cache.close()
    print(f"intake on the generate machine: {intake / n * 1000:.2f} ms per article")

    if args.cluster:
        cluster_times(tasks, task)
    return 0


def cluster_times(tasks: Sequence[object], task: object) -> None:
    import distributed

    from generator.incremental.distributed import cluster_map
    from generator.incremental.workers import Workers

    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        silence_logs=50,
    ) as cluster:
        address = cluster.scheduler_address
        # The workers load spaCy on their first task: a warm-up round, untimed.
        list(cluster_map(address, task, tasks[:4], lambda t, why: None))  # type: ignore[arg-type]
        started = time.perf_counter()
        list(cluster_map(address, task, tasks, lambda t, why: None))  # type: ignore[arg-type]
        remote = time.perf_counter() - started
    from generator.config import Settings

    with Workers(Settings(workers=2)) as pool:
        list(pool.map(task, tasks[:4], True))  # type: ignore[arg-type]
        started = time.perf_counter()
        list(pool.map(task, tasks, True))  # type: ignore[arg-type]
        local = time.perf_counter() - started
    print(
        f"extraction of all tasks: local cluster of 2 workers {remote:.1f} s, "
        f"local pool {local:.1f} s"
    )


if __name__ == "__main__":
    sys.exit(main())
