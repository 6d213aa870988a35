"""Adapter: one configuration, `mkdocs.yml`, for the MkDocs plugin and the command line.

`site_name`, `site_url`, `docs_dir` and the `briefings` plugin's options come from the
MkDocs configuration, so `briefings generate` writes the feed and the pages `mkdocs
build` would. Options left out fall back to the defaults of `generator.config`;
command-line options override them. Paths in `mkdocs.yml` are relative to its folder, as
MkDocs reads them.

The plugin gets MkDocs' loaded configuration (`settings_from_mkdocs`). The command line
reads the file itself (`load_settings`): PyYAML with MkDocs' `!ENV` tag (the
`pyyaml-env-tag` package MkDocs uses) and its `INHERIT` key, and the plugin's option
types (`OPTIONS`, which the plugin's schema declares too). Loading the file with MkDocs
would load the theme and the plugins, and so import the whole pipeline before the
command has started its worker processes (~3 s here).
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
import yaml_env_tag

from generator.config import CONFIG_FILE, DEFAULT_CACHE_PATH, Settings

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PLUGIN = "briefings"
"""The plugin's name under `plugins:` (its entry point in pyproject.toml)."""

OPTIONS: dict[str, type] = {
    "source_dir": str,
    "cache": bool,
    "cache_path": str,
    "workers": int,
    "latest": int,
    "page_size": int,
    "search": bool,
    "scheduler": str,
    "outlets": str,
    "source_text": str,
}
"""The plugin's options and their types (`mkdocs_plugin.BriefingsConfig` is made from
them); each defaults to None, which means the default of `Settings`."""


class ConfigProblem(Exception):
    """The MkDocs configuration cannot be used; the message names the file."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """The settings of `mkdocs.yml` that `settings_from_mkdocs` reads (`MkDocsConfig`
    has them under the same names)."""

    config_file_path: str
    docs_dir: str
    site_name: str
    site_url: str | None


def settings_from_mkdocs(config: MkDocsConfig | SiteConfig, options: Mapping[str, Any]) -> Settings:
    """Settings from a MkDocs configuration and the plugin's options (None = the
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
        scheduler=option("scheduler", default.scheduler),
        outlets_file=root / option("outlets", default.outlets_file),
        source_text=str(option("source_text", default.source_text)),
    )


def load_settings(config_file: str | None = None) -> Settings:
    """Settings from `config_file`, or from ./mkdocs.yml when there is one (the defaults
    when there is none). Raises `ConfigProblem` if the file cannot be used."""
    path = Path(config_file or CONFIG_FILE)
    if config_file is None and not path.is_file():
        return Settings()
    if not path.is_file():
        raise ConfigProblem(f"{path}: no such configuration file")
    raw = read_config(path)
    options = plugin_options(raw.get("plugins"))
    problems = option_problems(options)
    if problems:
        raise ConfigProblem(f"{path}: briefings plugin options: {'; '.join(problems)}")
    root = path.resolve().parent
    site = SiteConfig(
        config_file_path=str(path.resolve()),
        docs_dir=str(root / str(raw.get("docs_dir") or "docs")),
        site_name=str(raw.get("site_name") or Settings().site_title),
        site_url=site_url(raw.get("site_url")),
    )
    return shortened(settings_from_mkdocs(site, options))


def shortened(settings: Settings) -> Settings:
    """Paths under the working folder made relative to it, so that messages name files
    as the user does (`source_articles/a.txt`, not the absolute path)."""
    here = Path.cwd()

    def short(path: Path) -> Path:
        return path.relative_to(here) if path.is_relative_to(here) else path

    cache = settings.cache_path
    return dataclasses.replace(
        settings,
        source_dir=short(settings.source_dir),
        out_dir=short(settings.out_dir),
        cache_path=short(cache) if cache is not None else None,
    )


class _Loader(yaml.SafeLoader):
    """Safe YAML with MkDocs' `!ENV`; tags that name Python objects (`!!python/name:`)
    or MkDocs paths (`!relative`) read as None: nothing read here uses them."""


_Loader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
_Loader.add_constructor("!relative", lambda loader, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(path: Path, seen: frozenset[Path] = frozenset()) -> dict[str, Any]:
    """The settings of a MkDocs configuration file, merged over its `INHERIT` parent."""
    try:
        with path.open("rb") as file:
            raw = yaml.load(file, Loader=_Loader)  # a SafeLoader subclass
    except (OSError, yaml.YAMLError) as error:
        raise ConfigProblem(f"{path}: {one_line(error)}") from error
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigProblem(f"{path}: not a mapping of settings")
    parent = raw.pop("INHERIT", None)
    if parent is None:
        return raw
    parent_path = Path(os.path.normpath(path.parent / str(parent)))
    if parent_path in seen or not parent_path.is_file():
        raise ConfigProblem(f"{path}: INHERIT {parent}: no such configuration file")
    return merged(read_config(parent_path, seen | {path}), raw)


def merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`over` deep-merged into `base`, as MkDocs merges an `INHERIT` parent."""
    result = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def plugin_options(plugins: Any) -> dict[str, Any]:
    """The briefings plugin's options in a `plugins:` setting (a list or a mapping)."""
    entries: list[tuple[Any, Any]] = []
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        for entry in plugins:
            entries += list(entry.items()) if isinstance(entry, dict) else [(entry, None)]
    for name, options in entries:
        if name == PLUGIN:
            found = dict(options) if isinstance(options, dict) else {}
            found.pop("enabled", None)  # MkDocs' own switch, for any plugin
            return found
    return {}


KINDS = {str: "a text", int: "a whole number", bool: "true or false"}
"""How an option's type is named in a message about it."""


def option_problem(name: str, value: Any) -> str | None:
    """What is wrong with one option of the plugin, or None. None as a value is the
    default of `Settings`; a bool is not a number (`workers: true`), though Python's
    `bool` is an `int`. Whether a value makes sense (`workers: -1`) is for
    `Settings.problems`."""
    kind = OPTIONS.get(name)
    if kind is None:
        near = difflib.get_close_matches(name, OPTIONS, n=1)
        return f"unknown option (did you mean {near[0]}?)" if near else "unknown option"
    if value is None:
        return None
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        return f"expected {KINDS[kind]}, not {value!r}"
    return None


def option_problems(options: Mapping[str, Any]) -> list[str]:
    """Unknown options and values of the wrong type, all at once: one check for the
    command line and the plugin (whose schema calls `option_problem`)."""
    found = []
    for name, value in options.items():
        problem = option_problem(str(name), value)
        if problem is not None:
            found.append(f"{name}: {problem}")
    return found


def site_url(value: Any) -> str | None:
    """`site_url` as MkDocs keeps it: with a trailing slash; None when unset."""
    if not value:
        return None
    text = str(value)
    return text if text.endswith("/") else text + "/"
