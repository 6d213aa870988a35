"""The thin adapter between the generator and MkDocs.

On every build (and every rebuild under `mkdocs serve`) the plugin runs the pipeline and
hands its pages to MkDocs as generated files, so nothing is written into `docs/` and the
file watcher never sees its own output. `source_articles/` is added to the watched paths:
saving an article rebuilds the site, and the cache makes that redo only that article.
A build that fails keeps serving the last good pages.

On `on_config` it adds what its pages need to any Material project (`add_site_support`:
Markdown extensions, the templates and assets of `theme/`), so `plugins: [briefings]`
is all a project adds. It also does three things only an adapter can:

- expands `<!-- briefings:latest -->` in hand-written pages;
- HTML-escapes the titles and tags of generated pages before the theme sees them:
  MkDocs' Jinja environment does not autoescape and Material prints `page.meta.title`
  and tag names as they are, so a headline like `<img onerror=…>` would become markup;
- indexes the built site for search with Pagefind (`index_site`), whose index is split
  into chunks a visitor's browser fetches on demand, and which ignores accents.
"""

from __future__ import annotations

import gc
import html
import importlib.util
import json
import logging
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, MutableMapping
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from mkdocs.config.base import BaseConfigOption, Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from generator.background import BackgroundBuilds, Fingerprint, fingerprint, site_dir_for_build
from generator.config import STORIES_DIR, Settings
from generator.errors import printable
from generator.incremental.distributed import ClusterProblem
from generator.model import Briefing, Page
from generator.output.published import (
    HISTORY_FILE,
    IDS_FILE,
    History,
    parse_history,
    read_history,
    read_published_ids,
)
from generator.output.write import page_bytes
from generator.pipeline import BuildResult, build
from generator.project import option_problem, settings_from_mkdocs
from generator.site.listings import LATEST_MARKER, latest_markdown
from generator.site.render import tag_path

log = logging.getLogger("mkdocs.plugins.briefings")


class PrintableFilter(logging.Filter):
    """Every message of this plugin as `errors.printable` makes it: a source's name or
    text cannot put terminal escapes or bidi controls into MkDocs' log."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        safe = printable(message)
        if safe != message:
            record.msg, record.args = safe, None
        return True


log.addFilter(PrintableFilter())


class Option(BaseConfigOption[Any]):
    """One of the plugin's options (`project.OPTIONS`): None (the default of `Settings`)
    or a value of its type, checked as the command line checks it."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def run_validation(self, value: object, /) -> Any:
        problem = option_problem(self.name, value)
        if problem is not None:
            raise ValidationError(problem)
        return value


class BriefingsConfig(Config):  # type: ignore[no-untyped-call]
    # None = the default of `generator.config.Settings` (the one home of defaults).
    # The names of `generator.project.OPTIONS`, checked by its `option_problem` (tested).
    source_dir = Option("source_dir")
    cache = Option("cache")
    cache_path = Option("cache_path")
    workers = Option("workers")
    latest = Option("latest")
    page_size = Option("page_size")
    search = Option("search")
    scheduler = Option("scheduler")
    outlets = Option("outlets")  # the owner's outlets file, beside mkdocs.yml
    source_text = Option("source_text")  # excerpt | full | none (Settings.problems)

    def validate(self) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        """Every unknown option and value of the wrong type at once, as the command line
        reports them (`project.option_problems`). MkDocs itself stops at the first bad
        value and only warns about an unknown name, which would build from the default
        (a misspelt `sorce_dir`) without a word under `mkdocs serve`."""
        failed: list[tuple[str, Exception]] = []
        for key, value in self.items():
            problem = option_problem(str(key), value)
            if problem is not None:
                failed.append((str(key), ValidationError(problem)))
        return failed, []


class BriefingsPlugin(BasePlugin[BriefingsConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.settings = Settings()
        self.pages: list[Page] = []
        self.briefings: list[Briefing] = []
        self.raw: dict[str, list[str]] = {}  # page URL -> its stashed raw HTML blocks
        self.published: dict[str, str] = {}  # source file -> story id of the last build
        self.history: History = {}  # story id -> "What's new" entries of the last build
        self.serving: Serving | None = None  # under `mkdocs serve`: builds in the background

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Under `mkdocs serve` (not `--dirty`), the briefings are made again in a child
        process while the last site is served (`Serving`). Having this method also keeps
        one plugin instance across rebuilds (MkDocs 1.4+), which `Serving` relies on."""
        self.serving = Serving() if command == "serve" and not dirty else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = plugin_settings(config, self.config)
        add_site_support(config)
        if self.serving is not None:
            self.serving.build_into_fresh_folder(config)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if self.serving is not None and self.serving.server is not None:
            self.run_in_background(self.serving)
        else:
            result = self.run()
            if result is not None:
                self.pages, self.briefings = result.pages, result.briefings
            if self.serving is not None:
                self.serving.shown = fingerprint(self.settings)
        # The briefings and their articles live until the site is built: the cycle
        # collector need not walk them while MkDocs makes thousands of pages.
        gc.freeze()
        for file in list(files):
            if PurePosixPath(file.src_uri).parts[:1] == (STORIES_DIR,):
                files.remove(file)  # a stale `briefings generate` tree: ours replaces it
        for page in self.pages:
            if page.path.name.startswith("."):
                continue  # bookkeeping of the generated tree (.story-ids.json), not content
            files.append(File.generated(config, str(page.path), content=site_bytes(page)))
        return files

    def run(self) -> BuildResult | None:
        if not self.settings.source_dir.is_dir():
            log.warning("source folder %s does not exist: no briefings", self.settings.source_dir)
            return None
        try:
            previous = {**self.published_ids(), **self.published}
            result = build(self.settings, previous=previous, history=self.known_history())
        except ClusterProblem as error:  # the `scheduler` option's cluster: one line
            if not self.pages:  # nothing to keep serving: stop the build
                raise PluginError(f"briefings: {error}") from None
            log.error("briefings: %s; keeping the last good pages", error)
            return None
        except Exception as error:  # noqa: BLE001 - keep serving the last good site
            log.error(
                "briefings: internal error (%s: %s); keeping the last good pages",
                type(error).__name__,
                error,
            )
            return None
        for problem in result.report.problems:
            log.warning("%s", problem)
        log.info("briefings: %s", result.report.summary())
        self.published = {
            str(article.source): story.story_id
            for story in result.report.groupings
            for article in story.articles
        }
        self.keep_history(result.pages)
        return result

    def keep_history(self, pages: list[Page]) -> None:
        """Keep the update history a build wrote among its pages (`HISTORY_FILE`)."""
        for page in pages:
            if page.path.name == HISTORY_FILE:
                self.history = parse_history(json.loads(page.body))

    def known_history(self) -> History:
        """The "What's new" entries so far: those `briefings generate` published in the
        docs folder, and those of this process's builds (under `mkdocs serve`) over them."""
        return {**read_history(self.settings.out_dir), **self.history}

    def published_ids(self) -> dict[str, str]:
        """The ids a `briefings generate` run published in the docs folder, if any (a
        damaged file is reported, and its bad entries left out)."""
        said: list[str] = []
        found = read_published_ids(self.settings.out_dir, said)
        for text in said:
            log.warning("%s/%s/%s: %s", self.settings.out_dir, STORIES_DIR, IDS_FILE, text)
        return found

    def run_in_background(self, serving: Serving) -> None:
        """Under `mkdocs serve`: take the pages of a build finished in the background, and
        start one (abandoning any stale one) when the sources changed since the pages
        shown; MkDocs meanwhile rebuilds with the pages it has, and is asked to rebuild
        again when the new ones are ready."""
        finished = serving.builds.take()
        if finished is not None:
            if finished.failure is not None:
                log.error(
                    "briefings: internal error (%s); keeping the last good pages",
                    finished.failure,
                )
            else:
                for problem in finished.problems:
                    log.warning("%s", problem)
                log.info("briefings: %s", finished.summary)
                self.pages, self.briefings = finished.pages, finished.briefings
                self.published = finished.published
                self.keep_history(finished.pages)
            serving.shown = finished.fingerprint
        if not self.settings.source_dir.is_dir():
            log.warning("source folder %s does not exist: no briefings", self.settings.source_dir)
            return
        self.start_if_changed()

    def start_if_changed(self) -> None:
        """Start a background build when the sources changed since the pages in hand and
        since the build running (which this abandons). Called on every rebuild and by the
        watcher of the source folder, at once, even while MkDocs is building."""
        serving = self.serving
        if serving is None:
            return
        with serving.lock:
            now = fingerprint(self.settings)
            running = serving.builds.running
            if now == running:
                return
            stale = " (the build in progress, now stale, is abandoned)" if running else ""
            if now == serving.shown:  # changed back to what is shown
                if running is not None:
                    serving.builds.cancel()
                    log.info("briefings: sources changed back%s", stale)
                return
            previous = {**self.published_ids(), **self.published}
            log.info(
                "briefings: sources changed; making the briefings again in the background%s",
                stale,
            )
            serving.builds.start(
                self.settings, previous, self.settings.latest, now, self.known_history()
            )

    def on_page_markdown(
        self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        if PurePosixPath(page.file.src_uri).parts[:1] == (STORIES_DIR,):
            escape_meta(page.meta)
            # Generated pages are not in the nav: the left sidebar would be empty.
            page.meta.setdefault("hide", ["navigation"])
            markdown, self.raw[page.url] = stash_raw_html(markdown)
        if LATEST_MARKER not in markdown:
            return markdown
        here = PurePosixPath(page.file.src_uri)
        return markdown.replace(
            LATEST_MARKER, latest_markdown(self.briefings, here, self.settings.latest)
        )

    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        return unstash_raw_html(html, self.raw.pop(page.url, []))

    @event_priority(200)  # before the tags plugin renders its listings (priority 100)
    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """`briefings_tag_url`: a tag's own page, for the tags listing template."""

        def tag_url(name: str) -> str:
            file = files.get_file_from_path(str(tag_path(html.unescape(str(name)))))
            return file.url if file is not None else f"{STORIES_DIR}/tags/"

        env.filters["briefings_tag_url"] = tag_url
        return env

    @event_priority(-100)  # after other plugins: the site is complete when indexed
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()  # under `mkdocs serve`, the last build's objects may go now
        if self.settings.search:
            index_site(Path(config.site_dir))
        if self.serving is not None:
            self.serving.serve_built(config)

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.serving is None or not self.serving.attach(
            server, self.settings.source_dir, self.start_if_changed
        ):
            server.watch(str(self.settings.source_dir))
        outlets = self.settings.outlets_file
        if outlets is not None and outlets.is_file():
            server.watch(str(outlets))  # the owner's outlets: names, kinds, leans
        return server

    def on_shutdown(self) -> None:
        if self.serving is not None:
            self.serving.close()


# --- Serving: the site stays up while it is built again ------------------------------
#
# MkDocs' server makes every request wait until a rebuild is done, and a rebuild runs the
# whole pipeline: one slow source stalled every page (issue 20). Under `mkdocs serve`:
# the pipeline runs in a child process (`generator.background`), MkDocs builds each time
# into a fresh folder while requests are answered from the last complete one, and the
# server is asked for one more rebuild when the child's pages are ready.


class Serving:
    """What the plugin keeps between rebuilds under `mkdocs serve`."""

    SETTLE = 0.3
    """Seconds without a change to the sources before a build starts (a save is several
    file events)."""

    def __init__(self) -> None:
        self.server: Any = None
        self.builds = BackgroundBuilds(self.request_rebuild)
        self.shown: Fingerprint | None = None  # what the pages in hand were built from
        self.folders: list[Path] = []  # the folders MkDocs built into, the served one last
        self.building: Path | None = None
        self.lock = threading.Lock()
        self.timer: threading.Timer | None = None

    def attach(self, server: Any, sources: Path, changed: Callable[[], None]) -> bool:
        """Use `server` (`mkdocs.livereload.LiveReloadServer`): requests for files no
        longer wait for a rebuild (they get the last complete site; live reload still
        waits for the next one), and a change to the `sources` folder calls `changed` at
        once, not after MkDocs' rebuild in progress. False when the server cannot watch
        the folder this way (the caller then has MkDocs watch it)."""
        self.server = server
        condition = getattr(server, "_epoch_cond", None)
        if isinstance(condition, threading.Condition):
            server._epoch_cond = FilesDoNotWait()
        observer = getattr(server, "observer", None)
        if observer is None or not hasattr(observer, "schedule"):
            return False
        from watchdog.events import FileSystemEvent, FileSystemEventHandler

        def on_any_event(event: FileSystemEvent) -> None:
            if event.is_directory:
                return
            with self.lock:
                if self.timer is not None:
                    self.timer.cancel()
                self.timer = threading.Timer(self.SETTLE, changed)
                self.timer.daemon = True
                self.timer.start()

        handler = FileSystemEventHandler()
        handler.on_any_event = on_any_event  # type: ignore[method-assign]
        observer.schedule(handler, str(sources), recursive=True)
        return True

    def build_into_fresh_folder(self, config: MkDocsConfig) -> None:
        """A rebuild under way goes to a fresh folder (the first one, before the server
        runs, to MkDocs' own)."""
        if self.server is None:
            return
        if self.building is not None:  # the folder of a build that failed
            shutil.rmtree(self.building, ignore_errors=True)
        served = self.folders[-1] if self.folders else Path(config.site_dir)
        self.building = site_dir_for_build(served)
        config.site_dir = str(self.building)

    def serve_built(self, config: MkDocsConfig) -> None:
        """The folder just built is complete: serve it, and remove the older ones (a
        request still reading one keeps its open file)."""
        if self.server is None or self.building is None:
            return
        self.server.root = str(self.building)
        old, self.folders = self.folders, [self.building]
        self.building = None
        for folder in old:
            shutil.rmtree(folder, ignore_errors=True)

    def request_rebuild(self) -> None:
        """Ask the server for a rebuild (the background build is done). MkDocs has no public
        call for it: this is what its file watcher does."""
        server = self.server
        condition = getattr(server, "_rebuild_cond", None)
        if server is None or condition is None or not hasattr(server, "_want_rebuild"):
            log.warning("briefings: new pages are ready; save any file to see them")
            return
        with condition:
            server._want_rebuild = True
            condition.notify_all()

    def close(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.builds.cancel()
        for folder in [*self.folders, *([self.building] if self.building else [])]:
            shutil.rmtree(folder, ignore_errors=True)


class FilesDoNotWait(threading.Condition):
    """The server's epoch condition, but a request for a file (which waits with no
    timeout) is answered at once from the last complete site; live-reload polls (which
    wait with a timeout) still wait for the next build."""

    def wait_for(self, predicate: Any, timeout: float | None = None) -> Any:
        if timeout is None:
            return True
        return super().wait_for(predicate, timeout)


# --- Configuration: one for the plugin and `briefings generate` (generator.project) ---

THEME_DIR = Path(__file__).parent / "theme"
"""Templates over Material's (feed link, Pagefind search box, tags listing) and the
assets they use (`assets/briefings.css`, `assets/search.js`), shipped in the package."""

MARKDOWN_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables", "toc")
"""What generated pages are written in: `!!! abstract` boxes, `{ .briefing-byline }`
classes, `<div markdown>` blocks, tables. All in Python-Markdown itself."""

STYLESHEET = "assets/briefings.css"


def plugin_settings(config: MkDocsConfig, options: BriefingsConfig) -> Settings:
    """The plugin's settings; every problem with its options in one error."""
    settings = settings_from_mkdocs(config, options)
    problems = settings.problems()
    if problems:
        raise PluginError("briefings plugin options: " + "; ".join(problems))
    return settings


def add_site_support(config: MkDocsConfig) -> None:
    """What a briefing site needs from any Material project: the Markdown extensions its
    pages use, its templates (before Material's, after the project's `custom_dir`), and
    its stylesheet. `plugins: [briefings]` is all a project adds."""
    if config.theme.name != "material":
        raise PluginError(
            f"briefings plugin: the theme must be 'material' (Material for MkDocs), "
            f"not {config.theme.name!r}"
        )
    for name in MARKDOWN_EXTENSIONS:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
    theme_dir = str(THEME_DIR)
    if theme_dir not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
    if STYLESHEET not in [str(sheet) for sheet in config.extra_css]:
        config.extra_css.append(STYLESHEET)


SITE_META_KEYS = (
    "title",
    "date",
    "updated",
    "story",
    "summary",
    "tags",
    "people",
    "places",
    "organisations",
    "word_count",
    "reading_time",
    "search",
    "hide",
)
"""The front-matter keys the site uses (theme, tags, search, this plugin). The rest of a
briefing's record (sources, figures, quotes, timeline…) is for readers of the Markdown
files `briefings generate` writes; parsing it back is a third of MkDocs' time per
briefing (pure-Python YAML), so the pages handed to MkDocs leave it out."""


def site_bytes(page: Page) -> bytes:
    """A generated page as MkDocs gets it: the body, with the front matter it uses."""
    meta = {key: page.front_matter[key] for key in SITE_META_KEYS if key in page.front_matter}
    return page_bytes(Page(page.path, meta, page.body))


RAW_HTML = re.compile(r'^<div class="briefing-source-text">\n.*?^</div>$', re.M | re.S)
RAW_MARK = "BRIEFINGSRAWHTML{}X"


def stash_raw_html(markdown: str) -> tuple[str, list[str]]:
    """Our escaped source-text blocks (`render_sources_page`), swapped for placeholders.

    Python-Markdown would feed each block through its HTML parser only to leave it as it
    is (a third of the time of a sources page); `unstash_raw_html` puts them back into
    the converted page. Text inside the blocks is escaped, so `</div>` only ends one.
    """
    blocks: list[str] = []

    def mark(match: re.Match[str]) -> str:
        blocks.append(match.group(0))
        return RAW_MARK.format(len(blocks) - 1)

    return RAW_HTML.sub(mark, markdown), blocks


def unstash_raw_html(html_text: str, blocks: list[str]) -> str:
    for number, block in enumerate(blocks):
        html_text = html_text.replace(f"<p>{RAW_MARK.format(number)}</p>", block, 1)
    return html_text


def escape_meta(meta: MutableMapping[str, Any]) -> None:
    """Titles and tags of generated pages are text: make them safe in raw templates."""
    title = meta.get("title")
    if isinstance(title, str):
        meta["title"] = html.escape(title)
    tags = meta.get("tags")
    if isinstance(tags, list):
        meta["tags"] = [html.escape(str(tag)) for tag in tags if tag]


# --- Search: Pagefind ----------------------------------------------------------------
#
# The theme marks what is indexed (theme/main.html: `data-pagefind-body` on
# briefings, hand-written pages and the pages of people, places and organisations, not on
# listings) and Pagefind skips the blocks the generator marks `data-search-exclude`
# (sections that repeat what is indexed elsewhere). The search box is
# theme/partials/search.html with theme/assets/search.js.

PAGEFIND_TIMEOUT = 600  # seconds; 10,000 briefings index in well under a minute
EXCLUDED = "[data-search-exclude], .headerlink"


def pagefind_binary() -> Path | None:
    """The pagefind executable shipped in the `pagefind_bin` wheel (never one on PATH)."""
    spec = importlib.util.find_spec("pagefind_bin")
    if spec is None or spec.origin is None:
        return None
    binary = Path(spec.origin).parent / "pagefind"
    return binary if binary.is_file() else None


def index_site(site_dir: Path, binary: Path | None = None) -> bool:
    """Run Pagefind over the built site (its bundle goes to `site_dir/pagefind/`).

    Never raises: a missing or failing binary is one warning (so `mkdocs build --strict`
    fails rather than ship a site whose search box finds nothing). True on success.
    """
    binary = binary or pagefind_binary()
    if binary is None:
        log.warning(
            "search: the pagefind binary is missing (pip install 'pagefind[bin]'); "
            "the site has no search index"
        )
        return False
    command = [str(binary), "--site", str(site_dir), "--exclude-selectors", EXCLUDED, "--quiet"]
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=PAGEFIND_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError) as error:
        log.warning(
            "search: pagefind could not run (%s: %s); the site has no search index",
            type(error).__name__,
            error,
        )
        return False
    output = "\n".join(part for part in (done.stdout, done.stderr) if part.strip())
    if done.returncode != 0:
        last = output.strip().splitlines()[-1] if output.strip() else "no output"
        log.warning(
            "search: pagefind failed (exit %s: %s); the site has no search index",
            done.returncode,
            last,
        )
        return False
    if output.strip():
        log.debug("pagefind: %s", output.strip())
    log.info(
        "search: Pagefind indexed %s page(s) in %.1f s",
        indexed_count(site_dir / "pagefind" / "pagefind-entry.json"),
        time.perf_counter() - started,
    )
    return True


def indexed_count(entry: Path) -> int:
    """Pages in Pagefind's index (all languages), from its entry file; 0 if unreadable."""
    try:
        languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
        return sum(int(language.get("page_count", 0)) for language in languages.values())
    except (OSError, ValueError, AttributeError, TypeError):
        return 0
