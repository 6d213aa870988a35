"""The thin adapter between the generator and MkDocs.

On every build (and every rebuild under `mkdocs serve`) the plugin runs the pipeline and
hands its pages to MkDocs as generated files, so nothing is written into `docs/` and the
file watcher never sees its own output. `source_articles/` is added to the watched paths:
saving an article rebuilds the site, and the cache makes that redo only that article.
A build that fails keeps serving the last good pages.
"""

from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from generator.config import STORIES_DIR, Settings
from generator.model import Briefing, Page
from generator.pipeline import BuildResult, build
from generator.site import LATEST_MARKER, latest_markdown
from generator.write import page_bytes

log = logging.getLogger("mkdocs.plugins.briefings")


class BriefingsConfig(Config):
    source_dir = c.Type(str, default="source_articles")
    cache = c.Type(bool, default=True)
    cache_path = c.Type(str, default=".briefings-cache/cache.sqlite")
    workers = c.Type(int, default=0)
    latest = c.Type(int, default=10)
    page_size = c.Type(int, default=20)


class BriefingsPlugin(BasePlugin[BriefingsConfig]):
    def __init__(self) -> None:
        self.settings = Settings()
        self.pages: list[Page] = []
        self.briefings: list[Briefing] = []

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
            files.append(File.generated(config, str(page.path), content=page_bytes(page)))
        return files

    def run(self) -> BuildResult | None:
        if not self.settings.source_dir.is_dir():
            log.warning("source folder %s does not exist: no briefings", self.settings.source_dir)
            return None
        try:
            result = build(self.settings)
        except Exception as error:  # noqa: BLE001 - keep serving the last good site
            log.error("briefings: internal error (%s: %s); keeping the last good pages",
                      type(error).__name__, error)
            return None
        for problem in result.report.problems:
            log.warning("%s", problem)
        log.info("briefings: %s", result.report.summary())
        return result

    def on_page_markdown(
        self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        if LATEST_MARKER not in markdown:
            return markdown
        here = PurePosixPath(page.file.src_uri)
        return markdown.replace(
            LATEST_MARKER, latest_markdown(self.briefings, here, self.config.latest)
        )

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.settings.source_dir))
        return server
