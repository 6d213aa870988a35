"""Pathological sources (issue 20): one article of each hostile shape, at four sizes.

`python -m benchmarks.pathological [--shapes paragraphs,line,figures,quotes,front_matter]
[--scale 1.0] [--serve]` writes one project per shape and size under
`benchmarks/out/pathological/`, each holding one ordinary article beside the hostile
one, runs `python -m generator generate` on it with a cold cache (a subprocess, as a user
runs it) and prints wall seconds, the peak memory of the whole process tree, the exit code
and the line the command printed about the hostile source (published or refused). Time
should grow linearly with the size of the input, and the largest size of every shape
finish in 60 s and 1.5 GB on two cores (issue 20's "done when").

`--serve` also starts `mkdocs serve` on the project of the largest size of each shape
and, while the rebuild that the hostile article starts is running, asks for a page and
for a static file, printing how long each answer took (issue 20: <= 1 s).

`--profile SHAPE SIZE` runs the pipeline in-process under cProfile instead and prints
the 25 most expensive functions (cumulative), to find superlinear steps.

Every text is made here from templates: nothing is read from a corpus.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from benchmarks.run import ROOT, fresh_project, run

OUT = ROOT / "benchmarks" / "out" / "pathological"

ORDINARY = (
    "Council closes the old bridge after engineers find cracks\n\n"
    "SPRINGFIELD (AP) — The city council of Springfield voted on Tuesday to close the old "
    "bridge over the river after engineers found cracks in two of its supports.\n\n"
    "“We cannot take the risk,” said Mayor Ann Hale, who chaired the meeting.\n\n"
    "More than 12,000 vehicles cross the bridge every day, according to the council.\n"
)

NAMES = ("Ann Hale", "Rui Costa", "Mia Berg", "Tom Ortiz", "Lea Novak", "Sam Reyes")
UNITS = ("vehicles", "people", "homes", "tonnes", "kilometres", "dollars")


def _name(i: int) -> str:
    return NAMES[i % len(NAMES)]


def paragraphs(n: int) -> bytes:
    """n tiny paragraphs (about 13 bytes each, as in the issue's 1.29 MB for 100,000)."""
    body = "\n\n".join(f"Item {i} is {'up' if i % 2 else 'down'}." for i in range(n))
    return f"A headline over many tiny paragraphs\n\n{body}\n".encode()


def line(size: int) -> bytes:
    """One line of `size` bytes of sentences with names, numbers and quotations."""
    parts: list[str] = []
    total, i = 0, 0
    while total < size:
        sentence = (
            f"Mayor {_name(i)} said on Tuesday that {i * 37 % 9000 + 10:,} {UNITS[i % 6]} "
            f"were counted in District {i % 97}, and “we will rebuild” by {2030 + i % 9}. "
        )
        parts.append(sentence)
        total += len(sentence.encode())
        i += 1
    text = "".join(parts)[:size]
    return f"A headline over one long line\n\n{text}\n".encode()


def run_on(size: int) -> bytes:
    """One sentence of `size` bytes without a full stop: counts and quotations."""
    parts: list[str] = []
    total, i = 0, 0
    while total < size:
        part = (
            f"{i * 37 % 9000 + 10:,} {UNITS[i % 6]} on road {i}, “we count {i}” said "
            f"{_name(i)} and "
        )
        parts.append(part)
        total += len(part.encode())
        i += 1
    return f"A headline over one run-on sentence\n\n{''.join(parts)[:size]}\n".encode()


def figures(n: int) -> bytes:
    """n figures: five per paragraph, in a few units, with clashing values."""
    rows = []
    for p in range(0, n, 5):
        counts = ", ".join(
            f"{(p + k) * 13 % 5000 + 2:,} {UNITS[(p + k) % 6]}" for k in range(min(5, n - p))
        )
        rows.append(f"The agency of {_name(p)} counted {counts} in the region.")
    return ("A headline over many figures\n\n" + "\n\n".join(rows) + "\n").encode()


def quotes(n: int) -> bytes:
    """n quotations, one per paragraph, from six speakers."""
    rows = [  # numbers in every few words, or the cleaner drops them as repeats
        f"“Bridge {i} will reopen on day {i + 3} of the works,” said Mayor {_name(i)} on "
        f"street {i}."
        for i in range(n)
    ]
    return ("A headline over many quotations\n\n" + "\n\n".join(rows) + "\n").encode()


def front_matter(size: int) -> bytes:
    """A Markdown source whose YAML front matter holds `size` bytes of keys."""
    keys: list[str] = []
    total, i = 0, 0
    while total < size:
        entry = f"key{i}: value number {i}\n"
        keys.append(entry)
        total += len(entry)
        i += 1
    head = "---\ntitle: A headline over a huge front matter\ndate: 2024-03-01\n"
    body = "The council met on Tuesday and voted to close the old bridge.\n"
    return (head + "".join(keys) + "---\n" + body).encode()


SHAPES: dict[str, tuple[Callable[[int], bytes], str, tuple[int, ...]]] = {
    "paragraphs": (paragraphs, ".txt", (1_500, 3_000, 6_000, 12_000, 100_000)),
    "line": (line, ".txt", (6_250, 12_500, 25_000, 50_000, 5_000_000)),
    "run_on": (run_on, ".txt", (6_250, 12_500, 25_000, 50_000)),
    "figures": (figures, ".txt", (1_250, 2_500, 5_000, 10_000)),
    "quotes": (quotes, ".txt", (250, 500, 1_000, 2_000)),
    "front_matter": (front_matter, ".md", (8_000, 16_000, 32_000, 64_000, 5_000_000)),
}
"""shape -> (maker, suffix, sizes: paragraphs, bytes, bytes, figures, quotes, bytes). Four sizes
under the budgets (`config.MAX_*`) show how time grows; the fifth, where there is one,
is the issue's target, which a budget refuses."""


def project_for(shape: str, size: int) -> Path:
    maker, suffix, _sizes = SHAPES[shape]
    sources = Path(tempfile.mkdtemp(prefix="pathological-"))
    try:
        (sources / "ordinary.txt").write_text(ORDINARY, encoding="utf-8")
        (sources / f"hostile-{shape}{suffix}").write_bytes(maker(size))
        return fresh_project(OUT / f"{shape}-{size}", sources)
    finally:
        shutil.rmtree(sources, ignore_errors=True)


def verdict(log: str, shape: str) -> str:
    """What the command said about the hostile source (or that it was published)."""
    lines = Path(log).read_text(encoding="utf-8", errors="replace").splitlines()
    said = [text.strip() for text in lines if f"hostile-{shape}" in text]
    return said[-1] if said else "published"


def measure(shapes: list[str], scale: float) -> None:
    print(f"{'shape':<13} {'size':>10} {'seconds':>8} {'peak MB':>8} exit  outcome")
    for shape in shapes:
        for size in SHAPES[shape][2]:
            size = max(1, int(size * scale))
            project = project_for(shape, size)
            command = [sys.executable, "-m", "generator", "generate", "--quiet"]
            result = run(command, project, project / "generate.log", f"{shape} {size}")
            print(
                f"{shape:<13} {size:>10,} {result.seconds:>8.1f} "
                f"{result.peak_total / 2**20:>8.0f} {result.returncode:>4}  "
                f"{verdict(result.log, shape)[:110]}",
                flush=True,
            )


def timed_get(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            status = int(response.status)
    except OSError:
        status = 0
    return time.perf_counter() - started, status


def serve_check(shapes: list[str], scale: float) -> None:
    """`mkdocs serve` on the ordinary article, then the hostile one dropped in: how long
    a page and a static file take to come back while the rebuild it starts runs."""

    print(
        f"{'shape':<13} {'size':>10} {'page s':>7} {'static s':>8} {'rebuild s':>9} probes failed"
    )
    for shape in shapes:
        serve_one(shape, scale)


def serve_one(shape: str, scale: float) -> None:
    """One row of `serve_check`."""
    from tests.test_serve import free_port

    maker, suffix, sizes = SHAPES[shape]
    size = max(1, int(sizes[-1] * scale))
    project = project_for(shape, size)
    hostile = project / "source_articles" / f"hostile-{shape}{suffix}"
    data = hostile.read_bytes()
    hostile.unlink()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    log: list[str] = []
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: log.extend(stdout), daemon=True).start()
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while timed_get(base + "/stories/")[1] != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        mark = len(log)
        hostile.write_bytes(data)
        started = time.monotonic()
        worst_page = worst_static = 0.0
        probes = 0

        def rebuilt() -> bool:
            after = log[mark:]
            summary = [i for i, text in enumerate(after) if "source(s) read" in text]
            return bool(summary) and any(
                "Reloading browsers" in text for text in after[summary[-1] :]
            )

        failed = 0
        while not rebuilt() and time.monotonic() - started < 300:
            for url, slowest in (
                (base + "/stories/", "page"),
                (base + "/assets/search.js", ""),
            ):
                seconds, status = timed_get(url)
                failed += status != 200
                if slowest:
                    worst_page = max(worst_page, seconds)
                else:
                    worst_static = max(worst_static, seconds)
            probes += 1
            time.sleep(0.2)
        print(
            f"{shape:<13} {size:>10,} {worst_page:>7.2f} {worst_static:>8.2f} "
            f"{time.monotonic() - started:>9.1f} {probes:>6} {failed:>6}",
            flush=True,
        )
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def profile(shape: str, size: int) -> None:
    from generator.config import Settings
    from generator.pipeline import build

    project = project_for(shape, size)
    settings = Settings(
        source_dir=project / "source_articles", out_dir=project / "docs", cache_path=None
    )
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    result = build(settings)
    profiler.disable()
    print(f"{time.perf_counter() - started:.1f} s; problems: {result.report.problems}")
    stats = pstats.Stats(profiler)
    stats.dump_stats(OUT / f"{shape}-{size}.prof")
    stats.sort_stats("cumulative").print_stats("generator/", 30)
    stats.sort_stats("tottime").print_stats(15)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    parser.add_argument("--serve", action="store_true", help="measure mkdocs serve instead")
    parser.add_argument("--profile", nargs=2, metavar=("SHAPE", "SIZE"))
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile[0], int(args.profile[1]))
        return 0
    shapes = [shape for shape in args.shapes.split(",") if shape]
    unknown = [shape for shape in shapes if shape not in SHAPES]
    if unknown:
        parser.error(f"unknown shape(s): {', '.join(unknown)}")
    (serve_check if args.serve else measure)(shapes, args.scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
