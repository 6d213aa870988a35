"""Adapter: one configuration, `mkdocs.yml`, for the MkDocs plugin and the command line.

`site_name`, `site_url`, `docs_dir` and the `briefings` plugin's options are read from
the MkDocs configuration, with MkDocs' own loader (`!ENV`, `INHERIT`, validation), so
`briefings generate` writes the feed and the pages `mkdocs build` would. Options left out
fall back to the defaults of `generator.config`; command-line options override them.
Paths in `mkdocs.yml` are relative to its folder, as MkDocs reads them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.config import CONFIG_FILE, DEFAULT_CACHE_PATH, Settings

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PLUGIN = "briefings"
"""The plugin's name under `plugins:` (its entry point in pyproject.toml)."""


class ConfigProblem(Exception):
    """The MkDocs configuration cannot be read; the message names the file."""


def settings_from_mkdocs(config: MkDocsConfig, options: Mapping[str, Any]) -> Settings:
    """Settings from a loaded MkDocs configuration and the plugin's options (None = the
    default of `Settings`)."""
    root = Path(config.config_file_path or CONFIG_FILE).resolve().parent
    default = Settings()

    def option(name: str, fallback: Any) -> Any:
        value = options.get(name)
        return fallback if value is None else value

    cache = bool(option("cache", True))
    return Settings(
        source_dir=root / option("source_dir", default.source_dir),
        out_dir=Path(config.docs_dir),
        cache_path=root / option("cache_path", DEFAULT_CACHE_PATH) if cache else None,
        workers=int(option("workers", default.workers)),
        site_title=config.site_name or default.site_title,
        site_url=config.site_url or None,
        page_size=int(option("page_size", default.page_size)),
        latest=int(option("latest", default.latest)),
        search=bool(option("search", default.search)),
    )


def load_settings(config_file: str | None = None) -> Settings:
    """Settings from `config_file`, or from ./mkdocs.yml when there is one (the defaults
    when there is none). Raises `ConfigProblem` if the file cannot be used."""
    path = Path(config_file or CONFIG_FILE)
    if config_file is None and not path.is_file():
        return Settings()
    if not path.is_file():
        raise ConfigProblem(f"{path}: no such configuration file")
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    errors = _Collected()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(errors)
    try:
        config = load_config(str(path))
    except MkDocsException as error:
        raise ConfigProblem(f"{path}: {'; '.join(errors.messages) or error}") from error
    finally:
        logger.removeHandler(errors)
    plugin = config.plugins.get(PLUGIN)
    options: Mapping[str, Any] = plugin.config if plugin is not None else {}
    return settings_from_mkdocs(config, options)


class _Collected(logging.Handler):
    """MkDocs' error messages while it loads a configuration, for one line of ours."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
