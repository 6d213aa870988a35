"""The whole benchmark: `python -m benchmarks.run --sizes 100,1000` (or `./dev bench`).

For each corpus size it makes (or reuses) a deterministic synthetic corpus, then, on a
fresh temporary project for every repetition (a copy of `mkdocs.yml` and the hand-written
`docs/` pages, with `source_articles/` holding the corpus), runs the real commands in
subprocesses and measures them:

1. `briefings generate` with an empty cache (cold);
2. `mkdocs build` (the plugin runs the generator again, from the cache);
3. `briefings generate` after adding one article (a new outlet's take on the latest
   event), then after editing one article;
4. `mkdocs build` with no cache at all: the one command a new user runs (`--cold-build`);
5. the site: total size, HTML bytes per briefing page, and its search (Pagefind, which
   `mkdocs build` runs): indexing time, bundle size, a bound on a first query's bytes,
   and what a first-time visitor's Chromium actually downloads when they type a query
   into the site's search box and its first five results show.

Wall time, the peak RSS of the largest process (`os.wait4`) and the peak total memory
of the process tree (PSS summed over every descendant, sampled every 0.2 s) are recorded
per command. The table printed at the end shows medians over the repetitions; every raw
figure goes to `<workdir>/results.json`. Benchmarks are never run by the test suite.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import corpus

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WORKDIR = ROOT / "benchmarks" / "out"
LISTING_PAGES = {"index.md", "tags.md"}


# --------------------------------------------------------------------------- measuring


@dataclasses.dataclass(slots=True)
class Measure:
    command: str
    seconds: float
    max_rss: int  # bytes: the largest single process (the command or one of its children)
    peak_total: int  # bytes: PSS of the whole process tree, summed, sampled
    returncode: int
    log: str


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # the command name may hold spaces and parentheses: split after the last ')'
        fields = stat[stat.rfind(b")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def tree_memory(root: int) -> int:
    children = _children_map()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _pss(pid)
        stack += children.get(pid, [])
    return total


CODE: Path | None = None
"""A snapshot of the generator package that every command runs (see `snapshot_code`)."""


def snapshot_code(workdir: Path) -> Path:
    """Copy `generator/` once per benchmark: others may edit the tree while it runs, and
    the cache key includes the code's digest, so a changing tree would empty the cache."""
    target = workdir / "code"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(
        ROOT / "generator", target / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    return target


def run(command: Sequence[str], cwd: Path, log: Path, label: str) -> Measure:
    """Run one command to completion; never raises for a failing command."""
    env = dict(os.environ, PYTHONHASHSEED="0", NO_COLOR="1", TERM="dumb")
    if CODE is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CODE), env.get("PYTHONPATH")]))
    with log.open("w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env
        )
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], tree_memory(process.pid))
                done.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    return Measure(label, seconds, usage.ru_maxrss * 1024, peak[0], process.returncode, str(log))


# --------------------------------------------------------------------------- projects


def corpus_dir(workdir: Path, n: int, seed: int) -> Path:
    """The corpus for (n, seed), written once and reused while corpus.py is unchanged."""
    stamp = hashlib.sha256(Path(corpus.__file__).read_bytes()).hexdigest()[:16]
    folder = workdir / f"corpus-{n}-seed{seed}"
    marker = folder / ".stamp"
    if marker.exists() and marker.read_text() == stamp:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    corpus.write_corpus(corpus.generate(n, seed), folder)
    marker.write_text(stamp)
    return folder


def fresh_project(target: Path, source: Path) -> Path:
    """A copy of the site's config and hand-written pages, with `source` as its articles."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(
        ROOT / "docs", target / "docs", ignore=lambda folder, names: _skip_generated(folder, names)
    )
    for extra in ("hooks",):
        if (ROOT / extra).is_dir():
            shutil.copytree(ROOT / extra, target / extra)
    shutil.copytree(source, target / "source_articles", ignore=shutil.ignore_patterns(".*"))
    return target


def _skip_generated(folder: str, names: list[str]) -> set[str]:
    if Path(folder).resolve() == (ROOT / "docs").resolve():
        return {name for name in names if name == "stories" or name.startswith(".")}
    return set()


def add_article(project: Path, n: int, seed: int) -> str:
    extra = corpus.follow_up(n, seed)
    (project / "source_articles" / extra.name).write_text(extra.text, encoding="utf-8")
    return extra.name


def article_to_edit(project: Path) -> Path:
    """The article `edit_article` corrects: the middle one of the archive, by name."""
    files = sorted((project / "source_articles").glob("*.txt"))
    return files[len(files) // 2]


def edit_article(project: Path) -> str:
    """A correction to an article in the middle of the archive: one paragraph added."""
    path = article_to_edit(project)
    text = path.read_text(encoding="utf-8").rstrip("\n")
    text += (
        "\n\nCorrection: an earlier version of this article gave the wrong day for the "
        "announcement. It was made on the same day as the events described.\n"
    )
    path.write_text(text, encoding="utf-8")
    return path.name


# --------------------------------------------------------------------------- the site


@dataclasses.dataclass(slots=True)
class SiteFigures:
    site_bytes: int
    files: int
    briefing_pages: int
    html_median: int
    html_max: int


def site_figures(project: Path) -> SiteFigures:
    site = project / "site"
    sizes = [path.stat().st_size for path in site.rglob("*") if path.is_file()]
    stories = project / "docs" / "stories"
    briefing_html = []
    for page in sorted(stories.glob("*.md")):
        if page.name in LISTING_PAGES:
            continue
        html = site / "stories" / page.stem / "index.html"
        if html.exists():
            briefing_html.append(html.stat().st_size)
    return SiteFigures(
        site_bytes=sum(sizes),
        files=len(sizes),
        briefing_pages=len(briefing_html),
        html_median=int(statistics.median(briefing_html)) if briefing_html else 0,
        html_max=max(briefing_html, default=0),
    )


@dataclasses.dataclass(slots=True)
class PagefindFigures:
    seconds: float | None  # indexing inside `mkdocs build` (the plugin's log line)
    pages: int  # pages in the index
    bundle_bytes: int
    startup_bytes: int  # pagefind.js + worker + entry + wasm + metadata: before any result
    largest_index_chunk: int
    largest_fragment: int
    first_query_bytes: int  # upper bound: startup + one index chunk + 5 largest fragments
    browser: dict[str, int] | None = None  # query -> bytes a first search fetched in Chromium


INDEXED = re.compile(r"search: Pagefind indexed (\d+) page\(s\) in ([\d.]+) s")


def pagefind_figures(project: Path, build_log: str, browse: bool) -> PagefindFigures | None:
    """The site's own search bundle (`site/pagefind/`, written by `mkdocs build`)."""
    bundle = project / "site" / "pagefind"
    if not bundle.is_dir():
        return None
    files = [path for path in bundle.rglob("*") if path.is_file()]
    # Pagefind's index files are stored gzip-compressed: their size is what travels.
    startup = 0
    for path in files:
        name = path.name
        if (
            name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
            or name.endswith(".pf_meta")
            or name.startswith("wasm.")
            and name.endswith(".pagefind")
            and "unknown" not in name
        ):
            startup += path.stat().st_size
    chunks = [p.stat().st_size for p in files if p.suffix == ".pf_index"]
    fragments = sorted(p.stat().st_size for p in files if p.suffix == ".pf_fragment")
    largest_chunk = max(chunks, default=0)
    logged = INDEXED.search(Path(build_log).read_text(errors="replace"))
    return PagefindFigures(
        seconds=float(logged[2]) if logged else None,
        pages=int(logged[1]) if logged else len(fragments),
        bundle_bytes=sum(p.stat().st_size for p in files),
        startup_bytes=startup,
        largest_index_chunk=largest_chunk,
        largest_fragment=fragments[-1] if fragments else 0,
        first_query_bytes=startup + largest_chunk + sum(fragments[-5:]),
        browser=search_in_browser(project / "site", BROWSER_QUERIES) if browse else None,
    )


BROWSER_QUERIES = ("minister", "earthquake", "arevalo")
"""A word on most pages, a topic, and a folded name (the corpus writes `Arévalo`)."""


def search_in_browser(site: Path, queries: Sequence[str]) -> dict[str, int] | None:
    """Bytes a first-time visitor's browser fetches when they type a query into the
    site's search box and its first five results show: everything requested from the
    moment the box is focused (pagefind.js, its worker, entry, metadata, WebAssembly,
    index chunks, one fragment per shown result). Headless Chromium with an empty cache;
    None without Playwright/Chromium. The local server does not compress: JavaScript
    counts uncompressed, Pagefind's index files are compressed already."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        return None
    import functools
    import http.server

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return None

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    found: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for query in queries:
                context = browser.new_context()  # an empty cache: a first visit
                page = context.new_page()
                page.goto(base + "/", wait_until="networkidle")
                responses: list[Any] = []
                page.on("response", functools.partial(list.append, responses))
                box = page.locator("input.md-search__input")
                box.click()
                box.type(query, delay=20)
                meta = page.locator(".md-search-result__meta")
                page.wait_for_function(
                    "() => /matching|No matching/.test("
                    "document.querySelector('.md-search-result__meta').textContent)",
                    timeout=60_000,
                )
                hits = meta.inner_text().split(" ")[0]
                shown = min(5, int(hits) if hits.isdigit() else 0)
                page.wait_for_function(
                    f"() => document.querySelectorAll('.md-search-result__article').length"
                    f" >= {shown}",
                    timeout=60_000,
                )
                page.wait_for_load_state("networkidle")
                fetched = sum(len(r.body()) for r in responses if r.ok)
                found[f"{query} ({hits} results)"] = fetched
                context.close()
            browser.close()
    except Exception as error:  # noqa: BLE001 - a measurement, never a failure
        say(f"search browser measurement failed: {error}")
        return None
    finally:
        server.shutdown()
    return found


# --------------------------------------------------------------------------- one size


def summary_counts(log: str) -> dict[str, int]:
    text = Path(log).read_text(errors="replace")
    counts: dict[str, int] = {}
    match = re.search(r"(\d+) stor(?:y|ies)", text)
    if match:
        counts["stories"] = int(match[1])
    match = re.search(r"\((\d+) from cache\)", text)
    if match:
        counts["cached"] = int(match[1])
    return counts


def bench_size(
    n: int, repeat: int, workdir: Path, seed: int, cold_build: bool, browse: bool
) -> dict[str, Any]:
    source = corpus_dir(workdir, n, seed)
    python = sys.executable
    generate = [
        python,
        "-m",
        "generator",
        "generate",
        "--quiet",
        "--source",
        "source_articles",
        "--out",
        "docs",
        "--cache",
        ".briefings-cache/cache.sqlite",
    ]
    build = [python, "-m", "mkdocs", "build"]
    runs: list[dict[str, Any]] = []
    for rep in range(1, repeat + 1):
        project = fresh_project(workdir / f"project-{n}", source)
        logs = workdir / f"logs-{n}-run{rep}"
        shutil.rmtree(logs, ignore_errors=True)
        logs.mkdir(parents=True)
        record: dict[str, Any] = {"run": rep}
        say(f"n={n} run {rep}/{repeat}: cold generate")
        record["generate"] = run(generate, project, logs / "generate.log", "generate")
        record["generate_counts"] = summary_counts(record["generate"].log)
        say(f"n={n} run {rep}/{repeat}: mkdocs build (warm cache)")
        record["build"] = run(build, project, logs / "build.log", "mkdocs build")
        if record["build"].returncode == 0:
            record["site"] = site_figures(project)
            if rep == 1:
                say(f"n={n}: search bundle" + (" and a first search in Chromium" if browse else ""))
                record["pagefind"] = pagefind_figures(project, record["build"].log, browse)
        say(f"n={n} run {rep}/{repeat}: add one article, regenerate")
        record["added"] = add_article(project, n, seed)
        record["add"] = run(generate, project, logs / "add.log", "generate +1")
        record["add_counts"] = summary_counts(record["add"].log)
        say(f"n={n} run {rep}/{repeat}: edit one article, regenerate")
        record["edited"] = edit_article(project)
        record["edit"] = run(generate, project, logs / "edit.log", "generate ~1")
        record["edit_counts"] = summary_counts(record["edit"].log)
        if cold_build:
            say(f"n={n} run {rep}/{repeat}: mkdocs build from nothing (no cache)")
            shutil.rmtree(project / ".briefings-cache", ignore_errors=True)
            shutil.rmtree(project / "docs" / "stories", ignore_errors=True)
            shutil.rmtree(project / "site", ignore_errors=True)
            record["cold_build"] = run(build, project, logs / "cold-build.log", "cold build")
        runs.append(record)
    return {"n": n, "runs": runs}


def say(message: str) -> None:
    stamp = datetime.datetime.now().strftime("%H:%M:%S")
    print(f"[bench {stamp}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- the table


def median(values: Sequence[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def seconds_of(result: dict[str, Any], key: str) -> float | None:
    found = [r[key].seconds for r in result["runs"] if key in r and r[key].returncode == 0]
    return median(found)


def fmt_s(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s" if value < 100 else f"{value:.0f} s"


def fmt_b(value: float | None) -> str:
    if value is None:
        return "—"
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if value >= size:
            return f"{value / size:.1f} {unit}"
    return f"{value:.0f} B"


def table(results: Sequence[dict[str, Any]]) -> str:
    columns = [f"{r['n']:,} articles" for r in results]
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, values: list[str]) -> None:
        rows.append((label, values))

    def failed(result: dict[str, Any], key: str) -> str:
        bad = [r[key].returncode for r in result["runs"] if key in r and r[key].returncode != 0]
        return f" (exit {bad[0]} in {len(bad)} run(s))" if bad else ""

    row("runs (median of)", [str(len(r["runs"])) for r in results])
    row("stories", [str(r["runs"][0]["generate_counts"].get("stories", "—")) for r in results])
    gen = [seconds_of(r, "generate") for r in results]
    row(
        "cold `briefings generate`",
        [fmt_s(v) + failed(r, "generate") for v, r in zip(gen, results, strict=True)],
    )
    row(
        "articles/s (cold generate)",
        ["—" if v is None else f"{r['n'] / v:.1f}" for v, r in zip(gen, results, strict=True)],
    )
    bld = [seconds_of(r, "build") for r in results]
    row(
        "`mkdocs build` (cache warm)",
        [fmt_s(v) + failed(r, "build") for v, r in zip(bld, results, strict=True)],
    )
    row(
        "generate + build",
        ["—" if g is None or b is None else fmt_s(g + b) for g, b in zip(gen, bld, strict=True)],
    )
    row(
        "`mkdocs build` from nothing",
        [fmt_s(seconds_of(r, "cold_build")) + failed(r, "cold_build") for r in results],
    )
    row(
        "regenerate after adding 1 article",
        [fmt_s(seconds_of(r, "add")) + failed(r, "add") for r in results],
    )
    row(
        "regenerate after editing 1 article",
        [fmt_s(seconds_of(r, "edit")) + failed(r, "edit") for r in results],
    )

    def peak(result: dict[str, Any], attr: str) -> float | None:
        keys = ("generate", "build", "add", "edit", "cold_build")
        return max(
            (getattr(run_[k], attr) for run_ in result["runs"] for k in keys if k in run_),
            default=None,
        )

    row("peak RSS, largest process", [fmt_b(peak(r, "max_rss")) for r in results])
    row("peak memory, all processes (PSS)", [fmt_b(peak(r, "peak_total")) for r in results])

    def site(result: dict[str, Any], attr: str) -> float | None:
        return median([getattr(r["site"], attr) for r in result["runs"] if "site" in r])

    row("site size", [fmt_b(site(r, "site_bytes")) for r in results])
    row(
        "site files",
        ["—" if site(r, "files") is None else f"{site(r, 'files'):,.0f}" for r in results],
    )
    row("HTML per briefing page, median", [fmt_b(site(r, "html_median")) for r in results])
    row("HTML per briefing page, largest", [fmt_b(site(r, "html_max")) for r in results])

    def pf(result: dict[str, Any], attr: str) -> float | None:
        found = [r["pagefind"] for r in result["runs"] if r.get("pagefind")]
        return getattr(found[0], attr) if found else None

    row("Pagefind indexing (in mkdocs build)", [fmt_s(pf(r, "seconds")) for r in results])
    row("Pagefind first search (bound)", [fmt_b(pf(r, "first_query_bytes")) for r in results])

    def browser(result: dict[str, Any]) -> str:
        runs = [r["pagefind"] for r in result["runs"] if r.get("pagefind")]
        found: dict[str, int] | None = runs[0].browser if runs else None
        if not found:
            return "—"
        return ", ".join(f"{query}: {fmt_b(size)}" for query, size in found.items())

    row("first search in the site's box, Chromium (5 results)", [browser(r) for r in results])
    row("Pagefind bundle on disk", [fmt_b(pf(r, "bundle_bytes")) for r in results])

    header = "| measure | " + " | ".join(columns) + " |"
    rule = "|---|" + "---|" * len(columns)
    lines = [header, rule] + [f"| {label} | " + " | ".join(values) + " |" for label, values in rows]
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}; load average {load}"
    )


def to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: to_json(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Benchmark generate, mkdocs build, incremental regenerate, memory, "
        "site size and search data on synthetic corpora.",
    )
    parser.add_argument(
        "--sizes",
        default="100,1000",
        help="comma-separated corpus sizes (default 100,1000; try 10000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (default 3)")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help="where corpora, projects and logs go (default benchmarks/out)",
    )
    parser.add_argument(
        "--cold-build",
        choices=("auto", "yes", "no"),
        default="auto",
        help="also time `mkdocs build` with no cache (auto: sizes up to 1,000)",
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="skip the first search in Chromium"
    )
    args = parser.parse_args(argv)
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    args.workdir.mkdir(parents=True, exist_ok=True)
    say(f"machine: {machine()}")
    global CODE
    CODE = snapshot_code(args.workdir)
    results = []
    for n in sizes:
        cold = args.cold_build == "yes" or (args.cold_build == "auto" and n <= 1000)
        results.append(
            bench_size(n, args.repeat, args.workdir, args.seed, cold, not args.no_browser)
        )
        (args.workdir / "results.json").write_text(json.dumps(to_json(results), indent=1))
    command = "python -m benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"\n{command.strip()}\n{machine()}\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
