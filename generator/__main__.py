"""`briefings` / `python -m generator`: arguments -> pipeline -> exit code.

Exit codes: 0 success; 1 a source failed (the rest is still written) or, with
--strict, a warning; 2 a usage error or an internal error (our bug).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import os
import subprocess
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from generator import __version__
from generator.config import CONFIG_FILE, SOURCE_TEXT, STORIES_DIR, Settings
from generator.errors import printable

if TYPE_CHECKING:  # the pipeline pulls in spaCy: imported only when a command needs it
    from generator.incremental.workers import Workers
    from generator.pipeline import BuildReport, BuildResult

EXIT_OK, EXIT_SOURCE, EXIT_USAGE = 0, 1, 2
KEPT_TREE = "previous-stories"
"""Beside the cache file: the tree the last `generate` replaced, for the next one to
stage in (`write.write_site`'s `keep`). Deleting it, like the cache, is always safe."""


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="briefings",
        description="Turn news articles into multi-source briefing pages for MkDocs.",
    )
    top.add_argument("--version", action="version", version=f"briefings {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    # Options default to None: mkdocs.yml, then generator.config, fill them in. The
    # defaults named in the help are config's own.
    default = Settings()

    def common(command: argparse.ArgumentParser, out: bool = True) -> None:
        command.add_argument(
            "-f",
            "--config-file",
            metavar="FILE",
            help=f"MkDocs configuration to read site_name, site_url, docs_dir and the "
            f"briefings plugin's options from (default: {CONFIG_FILE} when present)",
        )
        command.add_argument(
            "--source",
            type=Path,
            metavar="DIR",
            help=f"folder of source articles (default: the plugin's source_dir, "
            f"else {default.source_dir})",
        )
        if out:
            command.add_argument(
                "--out",
                type=Path,
                metavar="DIR",
                help=f"docs folder; pages go to DIR/{STORIES_DIR}/ (default: docs_dir, "
                f"else {default.out_dir})",
            )
        command.add_argument(
            "--no-cache", action="store_true", help="ignore and do not write the article cache"
        )
        command.add_argument(
            "--cache",
            type=Path,
            metavar="FILE",
            help=f"SQLite cache of extracted articles (default: {default.cache_path})",
        )
        command.add_argument(
            "--workers",
            type=int,
            metavar="N",
            help=f"processes for NLP, 0 for one per core (default: the plugin's workers, "
            f"else {default.workers})",
        )
        command.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            help="extract the articles on the Dask cluster of this scheduler, e.g. "
            "tcp://HOST:8786 (default: the plugin's scheduler, else on this machine)",
        )
        command.add_argument(
            "--max-bytes",
            type=int,
            metavar="N",
            help=f"skip source files larger than N bytes (default: {default.max_bytes:,})",
        )
        command.add_argument(
            "--outlets",
            type=Path,
            metavar="FILE",
            help=f"your outlets: names, domains, kinds, leans (default: the plugin's outlets, "
            f"else {default.outlets_file}, if present)",
        )
        command.add_argument(
            "--source-text",
            choices=SOURCE_TEXT,
            help=f"what sources pages show of each article: its lede and a link (excerpt), "
            f"the whole cleaned text (full, for a private site), or none (default: the "
            f"plugin's source_text, else {default.source_text})",
        )
        command.add_argument(
            "--strict", action="store_true", default=None, help="treat warnings as errors"
        )
        command.add_argument("--quiet", action="store_true", help="no progress bar")
        command.add_argument(
            "--debug",
            action="store_true",
            default=None,
            help="show tracebacks for internal errors",
        )

    generate = commands.add_parser(
        "generate",
        help="write briefing pages from the source folder",
        description="Read DIR's articles and write their briefing pages under OUT/stories/.",
    )
    common(generate)
    check = commands.add_parser(
        "check",
        help="validate sources and report problems; writes nothing",
        description="Read and analyse every source, report problems, write nothing.",
    )
    common(check, out=False)
    check.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="also list each removed line with its rule, and why articles were grouped",
    )
    new = commands.add_parser(
        "new",
        help="create a new briefings project",
        description="Create DIR with mkdocs.yml, docs/index.md (listing the latest "
        "briefings) and an empty source_articles/, as `mkdocs new` does.",
    )
    new.add_argument("directory", type=Path, metavar="DIR", help="the project folder")
    for name, text in (
        ("build", "build the static site with MkDocs"),
        ("serve", "serve the site with live reload"),
    ):
        command = commands.add_parser(
            name, help=text, description=f"{text} (runs the generator as a MkDocs plugin)."
        )
        command.add_argument("-f", "--config-file", default=CONFIG_FILE, help="MkDocs config")
        if name == "build":
            command.add_argument("--strict", action="store_true", help="fail on any warning")
        else:
            command.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="IP:PORT")
    return top


def settings_from(args: argparse.Namespace) -> Settings:
    """mkdocs.yml's settings (generator.project), with the options given on top."""
    from generator.project import load_settings

    settings = load_settings(args.config_file)
    given: dict[str, Any] = {
        "source_dir": args.source,
        "out_dir": getattr(args, "out", None),
        "cache_path": args.cache,
        "max_bytes": args.max_bytes,
        "workers": args.workers,
        "scheduler": args.scheduler,
        "outlets_file": args.outlets,
        "source_text": args.source_text,
        "strict": args.strict,
        "debug": args.debug,
    }
    given = {name: value for name, value in given.items() if value is not None}
    if args.no_cache:
        given["cache_path"] = None
    return dataclasses.replace(settings, **given)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command in ("build", "serve"):
        return run_mkdocs(args)
    if args.command == "new":
        return new_project(args.directory)
    from generator.project import ConfigProblem

    try:
        settings = settings_from(args)
    except ConfigProblem as error:
        print(f"briefings: {error}", file=sys.stderr)
        return EXIT_USAGE
    problems = settings.problems()
    if problems:
        for message in problems:
            print(printable(f"briefings: {message}"), file=sys.stderr)
        return EXIT_USAGE
    if not settings.source_dir.is_dir():
        print(
            printable(f"briefings: source folder {settings.source_dir} does not exist"),
            file=sys.stderr,
        )
        return EXIT_USAGE
    from generator.incremental.distributed import ClusterProblem
    from generator.output.write import UnsafeOutput, write_site

    try:
        explain = args.command == "check" and bool(getattr(args, "verbose", False))
        with warm_workers(settings, explain) as workers:
            result = run_build(settings, not args.quiet, explain, workers)
    except ClusterProblem as error:  # unreachable, no worker, other versions: one line
        print(f"briefings: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # noqa: BLE001 - our bug: one line, traceback under --debug
        if settings.debug:
            traceback.print_exc()
        print(
            printable(
                f"briefings: internal error ({type(error).__name__}: {error}); rerun with --debug"
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    report = result.report
    if args.command == "check" and args.verbose:
        print_verbose(report)
    for problem in sorted(report.problems, key=lambda p: (p.path, p.line or 0, p.message)):
        print(problem, file=sys.stderr)
    failed = bool(report.errors) or (settings.strict and bool(report.warnings))
    if args.command == "generate":
        if settings.strict and failed:
            print(
                printable(f"{report.summary()}; strict mode: {settings.out_dir} left unchanged."),
                file=sys.stderr,
            )
            return exit_code(report, settings)
        # Writing makes no garbage cycles; a full collection there would walk every
        # article of the build again (~0.2 s at 10,000).
        collecting = gc.isenabled()
        gc.disable()
        try:
            keep = settings.cache_path.parent / KEPT_TREE if settings.cache_path else None
            write_site(result.pages, settings.out_dir, keep)
        except (UnsafeOutput, OSError) as error:
            print(printable(f"briefings: {error}"), file=sys.stderr)
            return EXIT_SOURCE
        finally:
            if collecting:
                gc.enable()
    print(report.summary(), file=sys.stderr if failed else sys.stdout)
    return exit_code(report, settings)


def exit_code(report: BuildReport, settings: Settings) -> int:
    if report.internal_errors:
        return EXIT_USAGE
    if report.errors or (settings.strict and report.warnings):
        return EXIT_SOURCE
    return EXIT_OK


def warm_workers(settings: Settings, explain: bool) -> Workers:
    """The build's worker processes; over a big archive (where a run brings few new
    articles) the warm one starts now, before the pipeline's imports, so that it has
    loaded spaCy by the time the new articles are known."""
    from generator.incremental.store import Store
    from generator.incremental.workers import Workers

    workers = Workers(settings)
    if explain or settings.cache_path is None or not settings.cache_path.exists():
        return workers
    cache = Store(settings.cache_path)
    try:
        workers.warm_up_for(cache)
    finally:
        cache.close()
    return workers


def run_build(
    settings: Settings, show_progress: bool, explain: bool = False, workers: Workers | None = None
) -> BuildResult:
    from generator.pipeline import Progress, build, quiet

    if not show_progress or not sys.stderr.isatty():
        return build(settings, quiet, explain=explain, workers=workers)
    from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn("{task.description:>8}"), BarColumn(), MofNCompleteColumn(), transient=True
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        progress: Progress = update
        return build(settings, progress, explain=explain, workers=workers)


def print_verbose(report: BuildReport) -> None:
    for clean in report.cleaned:
        for removed in clean.removed:
            print(
                printable(f"{clean.path}:{removed.line}: removed ({removed.rule}): {removed.text}")
            )
    for story in report.groupings:
        members = ", ".join(str(article.source) for article in story.articles)
        print(printable(f"story {story.story_id}: {members}"))
        for reason in story.reasons:
            print(printable(f"  {reason}"))  # "joined …", "not grouped with …", "front matter …"


def new_project(directory: Path) -> int:
    from generator.scaffold import ProjectExists, write_project

    try:
        written = write_project(directory)
    except (ProjectExists, OSError) as error:
        print(f"briefings: {error}", file=sys.stderr)
        return EXIT_USAGE
    for path in written:
        print(f"created {path}")
    print(f"Add articles to {directory / 'source_articles'}/, then: cd {directory}; mkdocs serve")
    return EXIT_OK


def run_mkdocs(args: argparse.Namespace) -> int:
    command = [sys.executable, "-m", "mkdocs", args.command, "-f", args.config_file]
    if args.command == "build" and args.strict:
        command.append("--strict")
    if args.command == "serve":
        command += ["-a", args.dev_addr]
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return EXIT_OK


def run() -> NoReturn:
    """The `briefings` command: `main`, then an exit that skips tearing the heap down.

    A run at 10,000 articles holds a million or so objects; freeing them one by one as
    the interpreter shuts down took longer (~1 s) than the rest of a run without
    changes. Everything that must outlive the process is done when `main` returns:
    pages written, the cache committed and closed, worker processes joined; the
    standard streams are flushed here.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to add
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
