"""A project outside this repository: `briefings new`, one line under `plugins:`, one
configuration (`mkdocs.yml`) for the plugin and `briefings generate`, and escaping in
the templates when the plugin is not in the render path.

Each build runs MkDocs in a subprocess, from the project's folder, as a user would.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.__main__ import main
from generator.mkdocs_plugin import THEME_DIR
from generator.site.listings import LATEST_MARKER

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent

HOSTILE = "<img src=x onerror=alert(1)>"
ARTICLES = {
    "2024-03-01-alpha.txt": (
        f"Harbour bridge in Eastport closes after {HOSTILE} inspection\n"
        "EASTPORT, March 1, 2024 — The harbour bridge in Eastport closed on Friday after "
        "inspectors found cracks in two of its steel supports, the city's transport office "
        "said.\n"
        '"We will not reopen it until every support has been checked," said Mara Jensen, '
        "the head of the transport office.\n"
        "About 40,000 vehicles cross the bridge each day.\n"
    ),
    "2024-03-01-beta.txt": (
        "Eastport bridge shut as cracks found in supports\n"
        "EASTPORT, March 1, 2024 — Eastport's harbour bridge was shut on Friday when "
        "inspectors discovered cracks in two steel supports, according to the city "
        "transport office.\n"
        '"We will not reopen it until every support has been checked," Mara Jensen, who '
        "heads the transport office, told reporters.\n"
        "Some 40,000 vehicles use the bridge daily.\n"
    ),
}


def add_articles(project: Path) -> None:
    folder = project / "source_articles"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")


def mkdocs_build(project: Path, *args: str, site_url: str | None = None) -> str:
    """`mkdocs build` in `project`; its log (stderr). Fails the test if MkDocs fails."""
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if site_url:
        env["SITE_URL"] = site_url
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def briefing_html(site: Path) -> str:
    (page,) = [
        path for path in (site / "stories").glob("2024-*/index.html") if "sources" not in path.parts
    ]
    return page.read_text(encoding="utf-8")


def test_new_writes_a_project_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "news")]) == 0
    assert (tmp_path / "news" / "source_articles").is_dir()
    assert LATEST_MARKER in (tmp_path / "news" / "docs" / "index.md").read_text(encoding="utf-8")
    config = (tmp_path / "news" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - briefings\n" in config and "site_url: !ENV [SITE_URL," in config
    capsys.readouterr()
    (tmp_path / "news" / "docs" / "index.md").write_text("mine", encoding="utf-8")
    assert main(["new", str(tmp_path / "news")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "already exists; nothing written" in error
    assert (tmp_path / "news" / "docs" / "index.md").read_text(encoding="utf-8") == "mine"


def test_a_new_project_builds_strict_with_absolute_links_at_its_address(tmp_path: Path) -> None:
    project = tmp_path / "news"
    assert main(["new", str(project)]) == 0
    add_articles(project)
    mkdocs_build(project, "--strict", site_url="https://example.org/news/")
    site = project / "site"
    page = briefing_html(site)
    story = re.search(r"stories/(2024-03-01-[a-z0-9-]+)/", page)
    assert story is not None
    url = f"https://example.org/news/stories/{story.group(1)}/"
    assert f'<link rel="canonical" href="{url}">' in page
    feed = (site / "stories" / "feed.xml").read_text(encoding="utf-8")
    assert f'href="{url}"' in feed
    assert (
        'rel="self" type="application/atom+xml" href="https://example.org/news/stories/feed.xml"'
        in feed
    )
    assert f"<loc>{url}</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="stories/{story.group(1)}/"' in home  # the latest-briefings marker


def test_one_line_under_plugins_gives_a_material_project_a_briefing_site(
    tmp_path: Path,
) -> None:
    project = tmp_path / "outside"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(f"# News\n\n{LATEST_MARKER}\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Outside\nsite_url: https://example.com/\ntheme:\n  name: material\n"
        "plugins:\n  - briefings\n",
        encoding="utf-8",
    )
    add_articles(project)
    mkdocs_build(project, "--strict")
    site = project / "site"
    page = briefing_html(site)
    assert '<div class="admonition abstract">' in page  # admonition
    assert "!!! abstract" not in page and "{ .briefing" not in page  # attr_list
    assert 'class="briefing-byline"' in page
    assert 'data-md-component="briefings-search"' in page  # the Pagefind search box
    assert re.search(r'<script src="[./]*assets/search\.js" defer>', page)
    assert (site / "assets" / "search.js").is_file()
    assert re.search(r'<link rel="stylesheet" href="[./]*assets/briefings\.css">', page)
    assert (site / "assets" / "briefings.css").is_file()
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*feed\.xml">', page)
    assert "<entry>" in (site / "stories" / "feed.xml").read_text(encoding="utf-8")
    assert HOSTILE not in page


def test_a_hostile_headline_is_escaped_without_the_plugin_in_the_render_path(
    tmp_path: Path,
) -> None:
    """`briefings generate` writes the pages; MkDocs renders them with this package's
    templates but without the plugin (which escapes titles in page.meta)."""
    project = tmp_path / "plain"
    add_articles(project)
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (project / "docs" / "hostile.md").write_text(
        f"---\ntitle: '{HOSTILE}'\ntags: ['<b onclick=x>t</b>']\n---\n\n# Tagged\n\nText.\n",
        encoding="utf-8",
    )
    (project / "mkdocs.yml").write_text(
        f"site_name: Plain\ntheme:\n  name: material\n  custom_dir: {THEME_DIR}\n"
        "plugins:\n  - tags\nmarkdown_extensions: [admonition, attr_list, md_in_html]\n",
        encoding="utf-8",
    )
    assert main(["generate", "--quiet", "--no-cache", "-f", str(project / "mkdocs.yml")]) == 0
    mkdocs_build(project)
    site = project / "site"
    pages = [briefing_html(site), (site / "hostile" / "index.html").read_text(encoding="utf-8")]
    for page in pages:
        assert HOSTILE not in page
        assert "<title>&lt;img src=x onerror=alert(1)&gt;" in page or (
            "&lt;img src=x onerror=alert(1)&gt; inspection - Plain</title>" in page
        )
    assert "<b onclick=x>" not in pages[1] and "&lt;b onclick=x&gt;t&lt;/b&gt;" in pages[1]


def test_generate_reads_mkdocs_yml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """site_url (from the environment), site_name, docs_dir and the plugin's options."""
    project = tmp_path / "site"
    project.mkdir()
    (project / "news").mkdir()
    for name, text in ARTICLES.items():
        (project / "news" / name).write_text(text, encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Harbour & Co\nsite_url: !ENV [SITE_URL, 'http://127.0.0.1:8000/']\n"
        "docs_dir: pages\ntheme:\n  name: material\n"
        "plugins:\n  - briefings:\n      source_dir: news\n      cache: false\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SITE_URL", "https://harbour.example/briefings/")
    monkeypatch.chdir(project)
    assert main(["generate", "--quiet"]) == 0
    feed = (project / "pages" / "stories" / "feed.xml").read_text(encoding="utf-8")
    assert "<title>Harbour &amp; Co</title>" in feed
    assert 'href="https://harbour.example/briefings/stories/feed.xml"' in feed
    assert not (project / ".briefings-cache").exists()  # cache: false


def test_options_on_the_command_line_win_over_mkdocs_yml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: S\ntheme:\n  name: material\nplugins:\n  - briefings:\n      workers: 3\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    from generator.__main__ import parser, settings_from

    settings = settings_from(parser().parse_args(["check"]))
    assert settings.workers == 3 and settings.source_dir == Path("source_articles")
    assert settings.site_url is None
    assert (settings.strict, settings.debug) == (False, False)  # config's defaults
    settings = settings_from(parser().parse_args(["check", "--workers", "1", "--no-cache"]))
    assert settings.workers == 1 and settings.cache_path is None
    settings = settings_from(parser().parse_args(["check", "--strict", "--debug"]))
    assert (settings.strict, settings.debug) == (True, True)


def test_a_missing_config_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "-f", str(tmp_path / "nope.yml")]) == 2
    assert (
        capsys.readouterr().err
        == f"briefings: {tmp_path / 'nope.yml'}: no such configuration file\n"
    )


def test_bad_plugin_options_fail_with_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: S\ntheme:\n  name: material\n"
        "plugins:\n  - briefings:\n      workers: -1\n      page_size: 0\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert (
        "ERROR   -  briefings plugin options: workers must be 0 (all cores) or more, not -1; "
        "page_size must be at least 1, not 0\n"
    ) in done.stderr

    (tmp_path / "mkdocs.yml").write_text(
        "site_name: S\ntheme:\n  name: mkdocs\nplugins:\n  - briefings\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert (
        "ERROR   -  briefings plugin: the theme must be 'material' (Material for MkDocs), "
        "not 'mkdocs'\n"
    ) in done.stderr

    (tmp_path / "mkdocs.yml").write_text(
        "site_name: S\ntheme:\n  name: material\n"
        "plugins:\n  - briefings:\n      workers: two\n      sorce_dir: news\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert (
        "ERROR   -  Config value 'plugins': Plugin 'briefings' option 'workers': expected a "
        "whole number, not 'two'\n"
        "Plugin 'briefings' option 'sorce_dir': unknown option (did you mean source_dir?)\n"
    ) in done.stderr


def test_the_pages_workflow_builds_with_the_site_url_and_keeps_the_cache() -> None:
    workflow = yaml.safe_load(
        (Path(__file__).parent.parent / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    )
    steps = workflow["jobs"]["build"]["steps"]
    (cache,) = [step for step in steps if str(step.get("uses", "")).startswith("actions/cache@")]
    assert ".briefings-cache" in cache["with"]["path"].split()
    (build,) = [step for step in steps if step.get("run") == "./dev build"]
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert steps.index(cache) < steps.index(build)
    assert workflow["jobs"]["deploy"]["needs"] == "build"


GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site, the generator's name taken out of the pages."""
    return {
        str(path.relative_to(site)): GENERATOR_META.sub(b"", path.read_bytes())
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.name != "sitemap.xml.gz"  # gzip stamps the build time
    }


def test_properdocs_builds_this_projects_site_as_mkdocs_does(tmp_path: Path) -> None:
    """The hedge for MkDocs 1.x: ProperDocs 1.6 (a maintained fork) builds this
    project's configuration, pages and plugin into the same site, byte for byte."""
    if importlib.util.find_spec("properdocs") is None:
        pytest.skip("ProperDocs is not installed (it is in requirements/test.lock)")
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("stories"))
    add_articles(project)
    mkdocs_build(project, "--strict", "-d", "site-mkdocs")
    done = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"]
        + ["-d", "site-properdocs"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "briefings: 2 of 2 source(s) read" in done.stderr
    built = site_files(project / "site-properdocs")
    assert any(name.startswith("stories/2024-03-01-") for name in built)
    assert built == site_files(project / "site-mkdocs")


def test_the_command_line_reads_mkdocs_yml_as_mkdocs_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """INHERIT, !ENV with its default, Python tags of other plugins, a plugins mapping."""
    from generator.project import load_settings

    (tmp_path / "base.yml").write_text(
        "site_name: Base\ndocs_dir: pages\nplugins:\n  briefings:\n    page_size: 7\n",
        encoding="utf-8",
    )
    (tmp_path / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nsite_url: !ENV [BRIEFINGS_TEST_URL, 'https://fallback.example/x']\n"
        "plugins:\n  tags:\n    listings_sort_by: !!python/name:material.plugins.tags.item_url\n"
        "  briefings:\n    latest: 3\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("BRIEFINGS_TEST_URL", raising=False)
    settings = load_settings(str(tmp_path / "mkdocs.yml"))
    assert settings.site_title == "Base" and settings.out_dir == tmp_path / "pages"
    assert settings.site_url == "https://fallback.example/x/"
    assert (settings.page_size, settings.latest) == (7, 3)
    monkeypatch.setenv("BRIEFINGS_TEST_URL", "https://news.example/")
    assert load_settings(str(tmp_path / "mkdocs.yml")).site_url == "https://news.example/"


def test_bad_options_in_mkdocs_yml_are_one_line_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: S\nplugins:\n  - briefings:\n      workers: many\n      colour: red\n"
        "      sorce_dir: news\n      search: 1\n      page_size: true\n      enabled: true\n",
        encoding="utf-8",
    )
    assert main(["check", "-f", str(config)]) == 2
    assert capsys.readouterr().err == (
        f"briefings: {config}: briefings plugin options: workers: expected a whole number, "
        "not 'many'; colour: unknown option; sorce_dir: unknown option (did you mean "
        "source_dir?); search: expected true or false, not 1; page_size: expected a whole "
        "number, not True\n"
    )
    config.write_text(
        "site_name: S\nplugins:\n  - briefings:\n      workers: -2\n", encoding="utf-8"
    )
    assert main(["check", "-f", str(config)]) == 2
    assert capsys.readouterr().err == "briefings: workers must be 0 (all cores) or more, not -2\n"
    config.write_text("site_name: [unclosed\n", encoding="utf-8")
    assert main(["check", "-f", str(config)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"briefings: {config}: while parsing") and error.count("\n") == 1


def test_the_plugin_declares_the_options_the_command_line_reads() -> None:
    from generator.mkdocs_plugin import BriefingsConfig
    from generator.project import OPTIONS

    schema = BriefingsConfig()
    assert sorted(key for key, _ in schema._schema) == sorted(OPTIONS)
    for name, kind in OPTIONS.items():
        schema.load_dict({name: kind()})
        assert schema.validate()[0] == [], name


def test_the_plugin_refuses_what_the_command_line_refuses() -> None:
    """Wrong types and unknown names, every one at once, worded as on the command line
    (MkDocs alone stops at the first bad value and only warns about an unknown name)."""
    from generator.mkdocs_plugin import BriefingsConfig
    from generator.project import option_problems

    bad = {"workers": "two", "search": "yes", "latest": True, "wrkers": 2, "colour": "red"}
    schema = BriefingsConfig()
    schema.load_dict(bad)
    errors, warnings = schema.validate()
    assert warnings == []
    assert sorted(f"{key}: {error}" for key, error in errors) == sorted(option_problems(bad))
    assert sorted(f"{key}: {error}" for key, error in errors) == [
        "colour: unknown option",
        "latest: expected a whole number, not True",
        "search: expected true or false, not 'yes'",
        "workers: expected a whole number, not 'two'",
        "wrkers: unknown option (did you mean workers?)",
    ]
    good = BriefingsConfig()
    good.load_dict({"workers": 2, "search": False, "source_dir": "news", "scheduler": None})
    assert good.validate() == ([], [])
    assert (good["workers"], good["search"], good["source_dir"]) == (2, False, "news")


def test_the_readme_shows_the_defaults_of_config() -> None:
    """The plugin options block of the README: each value shown is config's default."""
    from generator.project import OPTIONS, SiteConfig, settings_from_mkdocs

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\nplugins:\n  - briefings:\n(.*?)```", readme, re.S)
    assert block is not None
    shown = yaml.safe_load("plugins:\n  - briefings:\n" + block.group(1))["plugins"][0]
    options = shown["briefings"]
    site = SiteConfig(str(ROOT / "mkdocs.yml"), str(ROOT / "docs"), "Briefings", None)
    assert sorted(options) == sorted(OPTIONS)
    assert settings_from_mkdocs(site, options) == settings_from_mkdocs(site, {})
