"""Incremental regeneration on an existing project: `python -m benchmarks.incremental`.

`--project DIR` is a project whose cache is warm (a `briefings generate` ran in it):
`DIR/source_articles/` holds a corpus made by `benchmarks.corpus` with `--n N`. Per
repetition it runs `python -m generator generate --quiet --source source_articles --out
docs` in DIR after nothing changed, after adding one article (`corpus.follow_up(N)`), and
after editing one (`run.edit_article`: a correction paragraph appended to an article in
the middle of the archive), then puts the sources back as they were and runs once more
(not measured) so the next repetition starts from the same state. Wall seconds and the
peak RSS of the largest process (`os.wait4`) of each command are printed with the load
average. `--pythonpath` is prepended to PYTHONPATH (say `/tmp/nospacy` to run without
spaCy, and a snapshot of `generator/` so edits to the tree do not change the cache keys
mid-run). The project is left as it was found.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks import corpus
from benchmarks.run import article_to_edit, edit_article

COMMAND = ["-m", "generator", "generate", "--quiet", "--source", "source_articles"]


def generate(project: Path, env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS of the largest process (bytes) and the summary line of one
    `generate`."""
    log = project / ".incremental-bench.log"
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as output:
        child = subprocess.Popen(
            [sys.executable, *COMMAND, "--out", "docs"],
            cwd=project,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    text = log.read_text(encoding="utf-8").strip()
    log.unlink()
    if status:
        raise SystemExit(f"generate failed in {project}:\n{text}")
    return seconds, usage.ru_maxrss * 1024, text.splitlines()[-1] if text else ""


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--n", type=int, required=True, help="the corpus's --n")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pythonpath", default="")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if args.pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(
            part for part in (args.pythonpath, env.get("PYTHONPATH", "")) if part
        )
    project: Path = args.project.resolve()
    sources = project / "source_articles"
    extra = corpus.follow_up(args.n, args.seed)
    added = sources / extra.name
    if added.exists():
        raise SystemExit(f"{added} exists already: is --n the corpus's size?")
    results: dict[str, list[tuple[float, int]]] = {"no change": [], "add": [], "edit": []}
    for repetition in range(1, args.repeat + 1):
        for label in results:
            if label == "add":
                added.write_text(extra.text, encoding="utf-8")
            if label == "edit":
                edited = article_to_edit(project)
                original = edited.read_bytes()
                edit_article(project)
            seconds, rss, summary = generate(project, env)
            results[label].append((seconds, rss))
            print(
                f"run {repetition} {label:>9}: {seconds:6.2f} s, peak RSS {rss / 2**20:5.0f} MB,"
                f" load {load()}  | {summary}",
                flush=True,
            )
        added.unlink()
        edited.write_bytes(original)
        generate(project, env)  # back to the starting state
    for label, runs in results.items():
        print(
            f"median {label:>9}: {statistics.median(s for s, _ in runs):6.2f} s, "
            f"peak RSS {statistics.median(r for _, r in runs) / 2**20:5.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
