"""The thin adapter between the generator and MkDocs.

On every build (and every rebuild under `mkdocs serve`) the plugin runs the pipeline and
hands its pages to MkDocs as generated files, so nothing is written into `docs/` and the
file watcher never sees its own output. `source_articles/` is added to the watched paths:
saving an article rebuilds the site, and the cache makes that redo only that article.
A build that fails keeps serving the last good pages.

It also does three things only an adapter can:

- expands `<!-- briefings:latest -->` in hand-written pages;
- HTML-escapes the titles and tags of generated pages before the theme sees them:
  MkDocs' Jinja environment does not autoescape and Material prints `page.meta.title`
  and tag names as they are, so a headline like `<img onerror=…>` would become markup;
- makes search accent-insensitive and boosts names (`fold_search_index`).
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Mapping, MutableMapping
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage
from unidecode import unidecode

from generator.config import STORIES_DIR, Settings
from generator.model import Briefing, Page
from generator.pipeline import BuildResult, build
from generator.published import read_published_ids
from generator.render import tag_path
from generator.site import LATEST_MARKER, latest_markdown
from generator.write import page_bytes

log = logging.getLogger("mkdocs.plugins.briefings")


class BriefingsConfig(Config):  # type: ignore[no-untyped-call]
    source_dir = c.Type(str, default="source_articles")
    cache = c.Type(bool, default=True)
    cache_path = c.Type(str, default=".briefings-cache/cache.sqlite")
    workers = c.Type(int, default=0)
    latest = c.Type(int, default=10)
    page_size = c.Type(int, default=20)
    fold_search = c.Type(bool, default=True)


class BriefingsPlugin(BasePlugin[BriefingsConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.settings = Settings()
        self.pages: list[Page] = []
        self.briefings: list[Briefing] = []
        self.names: dict[str, list[str]] = {}  # page URL -> names to boost in search
        self.raw: dict[str, list[str]] = {}  # page URL -> its stashed raw HTML blocks
        self.published: dict[str, str] = {}  # source file -> story id of the last build

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        cache = root / self.config.cache_path if self.config.cache else None
        self.settings = Settings(
            source_dir=root / self.config.source_dir,
            out_dir=Path(config.docs_dir),
            cache_path=cache,
            workers=self.config.workers,
            site_title=config.site_name,
            site_url=config.site_url,
            page_size=self.config.page_size,
        )
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        result = self.run()
        if result is not None:
            self.pages, self.briefings = result.pages, result.briefings
        for file in list(files):
            if PurePosixPath(file.src_uri).parts[:1] == (STORIES_DIR,):
                files.remove(file)  # a stale `briefings generate` tree: ours replaces it
        for page in self.pages:
            if page.path.name.startswith("."):
                continue  # bookkeeping of the generated tree (.story-ids.json), not content
            files.append(File.generated(config, str(page.path), content=site_bytes(page)))
        self.names = {}
        return files

    def run(self) -> BuildResult | None:
        if not self.settings.source_dir.is_dir():
            log.warning("source folder %s does not exist: no briefings", self.settings.source_dir)
            return None
        try:
            previous = {**read_published_ids(self.settings.out_dir), **self.published}
            result = build(self.settings, previous=previous)
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
        return result

    def on_page_markdown(
        self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        if PurePosixPath(page.file.src_uri).parts[:1] == (STORIES_DIR,):
            self.names[page.url] = names_of(page.meta)
            escape_meta(page.meta)
            # Generated pages are not in the nav: the left sidebar would be empty.
            page.meta.setdefault("hide", ["navigation"])
            markdown, self.raw[page.url] = stash_raw_html(markdown)
        if LATEST_MARKER not in markdown:
            return markdown
        here = PurePosixPath(page.file.src_uri)
        return markdown.replace(
            LATEST_MARKER, latest_markdown(self.briefings, here, self.config.latest)
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

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.fold_search:
            return
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            fold_index_file(index, self.names)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.settings.source_dir))
        return server


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


def names_of(meta: Mapping[str, Any]) -> list[str]:
    """People (with aliases), places and organisations from a briefing's front matter."""
    names: list[str] = []
    for person in meta.get("people") or []:
        if isinstance(person, dict):
            names.append(str(person.get("name") or ""))
            names += [str(alias) for alias in person.get("aliases") or []]
    for key in ("places", "organisations"):
        names += [str(name) for name in meta.get(key) or []]
    return [name for name in names if name]


# --- Search: accent folding and boosted names ------------------------------------------
#
# Material's search (lunr) matches tokens as written, so "Arevalo" does not find
# "Arévalo". Rather than touching the pages (hidden aliases would bloat every page, show
# up in copies and print, and be read out by screen readers), the index is rewritten
# after the search plugin has written it: every document gets extra fields, which
# Material indexes like its own (`config.fields`, each with a boost) but never displays:
#
#   title_folded  ASCII forms of the title's non-ASCII words (same boost as the title)
#   text_folded   ASCII forms of the text's non-ASCII words (same boost as the text)
#   names         on a briefing's main document: its people (with aliases), places and
#                 organisations, as written and folded, boosted above plain text
#
# A query is folded by nobody, so both spellings match: "Arévalo" the text, "Arevalo"
# the folded field. Results still show the text with its accents.

NAMES_BOOST = 10.0
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


def folded_words(text: str) -> str:
    """ASCII forms of the non-ASCII words of `text` (HTML tags ignored), sorted."""
    plain = html.unescape(_TAG.sub(" ", text))
    words = {word for word in _WORD.findall(plain) if not word.isascii()}
    folded = {" ".join(unidecode(word).split()) for word in words}
    return " ".join(sorted(word for word in folded if word and word not in words))


def fold_search_index(index: dict[str, Any], names: dict[str, list[str]]) -> dict[str, Any]:
    """Material's search index with folded and name fields added (see above)."""
    config = index.setdefault("config", {})
    fields = config.get("fields")
    if not isinstance(fields, dict):  # not Material's index: fold into the text itself
        for doc in index.get("docs", []):
            extra = folded_words(f"{doc.get('title', '')} {doc.get('text', '')}")
            if extra:
                doc["text"] = f"{doc.get('text', '')} {extra}".strip()
        return index
    title_boost = fields.get("title", {}).get("boost", 1e3)
    text_boost = fields.get("text", {}).get("boost", 1.0)
    fields["title_folded"] = {"boost": title_boost}
    fields["text_folded"] = {"boost": text_boost}
    fields["names"] = {"boost": NAMES_BOOST}
    for doc in index.get("docs", []):
        title = folded_words(str(doc.get("title", "")))
        text = folded_words(str(doc.get("text", "")))
        if title:
            doc["title_folded"] = title
        if text:
            doc["text_folded"] = text
        listed = names.get(str(doc.get("location", "")))
        if listed:
            written = " ".join(dict.fromkeys(listed))
            doc["names"] = f"{written} {folded_words(written)}".strip()
    return index


def fold_index_file(path: Path, names: dict[str, list[str]]) -> None:
    index = json.loads(path.read_text(encoding="utf-8"))
    folded = fold_search_index(index, names)
    data = json.dumps(folded, ensure_ascii=False, separators=(",", ":"))
    path.write_text(data, encoding="utf-8")
