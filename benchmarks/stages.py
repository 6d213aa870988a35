"""Where one `briefings generate` spends its time: `python -m benchmarks.stages --project DIR`.

Runs the real command in this process (`generator.__main__.main`, in DIR, with DIR's
`source_articles/` and `docs/`) with a wall clock around each pipeline stage, and prints
one line: imports, then each stage's seconds, then the total. No profiler, so the figures
are the run's own (cProfile doubles them). Stages nest: `extract_all` includes
`get_many` (unpickling the cached articles), `group_all` includes `regroup`, which
includes `candidate_partners` and `cluster`; `render_all` includes `render_site`.
Interpreter start-up and shutdown are not in `total`: `benchmarks.incremental` times the
whole command from outside.

`--change edit` (or `add`) first makes the change `benchmarks.incremental` measures (a
correction appended to the middle article; a follow-up article, which needs `--n`), and
afterwards puts the sources back and regenerates, untimed, so the project is left as it
was found.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

TIMED = (
    ("generator.incremental.reading", ("read_all",)),
    ("generator.incremental.extracting", ("extract_all",)),
    ("generator.incremental.grouping", ("group_all",)),
    ("generator.incremental.comparing", ("compare_all",)),
    ("generator.incremental.rendering", ("render_all",)),
    ("generator.incremental.store:Table", ("get_many",)),
    (
        "generator.stories.group",
        ("regroup", "candidate_partners", "vectors", "score_features", "cluster"),
    ),
    ("generator.stories.compare", ("compare_story", "relate")),
    ("generator.site.listings", ("render_site", "site_index", "entity_pages", "latest_pages")),
    ("generator.output.write", ("write_site",)),
)
"""The functions timed, by where they live (`module:Class` for methods)."""


def timed(function: Callable[..., Any], name: str, times: dict[str, float]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            times[name] = times.get(name, 0.0) + time.perf_counter() - started

    return wrapper


def instrument(times: dict[str, float]) -> None:
    """Wrap every `TIMED` function, where it lives and wherever it was imported."""
    importlib.import_module("generator.pipeline")
    for where, names in TIMED:
        module, _, cls = where.partition(":")
        owner = importlib.import_module(module)
        if cls:
            owner = getattr(owner, cls)
        for name in names:
            if not hasattr(owner, name):  # an older generator without this stage
                continue
            real = getattr(owner, name)
            wrapped = timed(real, name, times)
            setattr(owner, name, wrapped)
            if cls:
                continue
            for other in list(sys.modules.values()):
                inside = getattr(other, "__name__", "").startswith("generator.")
                if inside and getattr(other, name, None) is real:
                    setattr(other, name, wrapped)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--change", choices=("none", "edit", "add"), default="none")
    parser.add_argument("--n", type=int, default=0, help="the corpus's --n (for --change add)")
    args = parser.parse_args(argv)
    if args.change != "none":
        return changed(args.project.resolve(), args.change, args.n)
    os.chdir(args.project)
    started = time.perf_counter()
    import generator.__main__ as command
    import generator.pipeline  # noqa: F401 - imported here to time the imports

    imported = time.perf_counter() - started
    times: dict[str, float] = {}
    instrument(times)
    code = command.main(["generate", "--quiet", "--source", "source_articles", "--out", "docs"])
    total = time.perf_counter() - started
    stages = "  ".join(f"{name} {seconds:.2f}" for name, seconds in times.items())
    print(f"imports {imported:.2f}  {stages}  total {total:.2f}")
    return code


def changed(project: Path, change: str, n: int) -> int:
    """Time one run after `change`, in a child process (a fresh interpreter, as a user's
    run), then undo the change and regenerate."""
    from benchmarks import corpus, incremental
    from benchmarks.run import article_to_edit, edit_article

    sources = project / "source_articles"
    edited = article_to_edit(project)
    original = edited.read_bytes()
    added = None
    if change == "add":
        if n <= 0:
            raise SystemExit("--change add needs the corpus's --n")
        extra = corpus.follow_up(n)
        added = sources / extra.name
        added.write_text(extra.text, encoding="utf-8")
    else:
        edit_article(project)
    command = [sys.executable, "-m", "benchmarks.stages", "--project", str(project)]
    try:
        code = subprocess.call(command)
    finally:
        if added is not None:
            added.unlink()
        edited.write_bytes(original)
        subprocess.call(
            [sys.executable, *incremental.COMMAND, "--out", "docs"],
            cwd=project,
            stdout=subprocess.DEVNULL,
        )
    return code


if __name__ == "__main__":
    sys.exit(main())
