"""Hostile input: every bad source gets one clear line, the rest of the site still builds,
no code runs, no markup from a source goes live, and output is deterministic.

One folder of hostile sources (beside the two good seed articles) is built once per
module; each test checks what one kind of bad input leads to.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.config import Settings
from generator.output.write import write_site
from generator.pipeline import BuildResult, build
from tests.browser.helpers import make_project
from tests.conftest import ROOT

SEEDS = ROOT / "tests" / "cases" / "seeds" / "source_articles"
PWNED = "/tmp/briefings-hostile-pwned"
BODY = (
    "The city council of Springfield voted on Tuesday to close the old bridge over the "
    "river after engineers found cracks in two of its supports.\n\n"
    "“We cannot take the risk,” said Mayor Ann Hale, who chaired the meeting.\n\n"
    "More than 12,000 vehicles cross the bridge every day, according to the council.\n"
)

HOSTILE: dict[str, bytes] = {
    "empty.txt": b"",
    "blank.txt": b"\n\n   \n\t\n",
    "binary.txt": bytes(range(256)) * 40,
    "nul.md": b"Title\x00\x00\x00\n\nbody\x00",
    "huge.txt": b"Headline\n\n" + b"word " * 300_000,
    "utf16-no-bom.txt": "Headline\n\nbody".encode("utf-16-le"),
    "broken-yaml.md": b"---\ntitle: [unclosed\ndate: 2024-01-01\n---\nHeadline\n\nBody text here.\n",
    "unclosed-yaml.md": b"---\ntitle: A\n\nNever closed.\n",
    "list-yaml.md": b"---\n- a\n- b\n---\nHeadline\n\nBody text here.\n",
    "python-yaml.md": (
        b'---\ntitle: !!python/object/apply:os.system ["touch ' + PWNED.encode() + b'"]\n'
        b"---\nHeadline\n\nBody text here.\n"
    ),
    "only-noise.txt": (b"PHOTO JOHN DOE, REUTERS\n\n1/2\n\n3 minutes\n\nsource site-12\n"),
    "specials.md": (
        b"---\n"
        b"title: 'Trump: \"No --- collusion\" #1 {{ config }} {% raw %} [x](javascript:alert(1)) *a* | b'\n"
        b"date: 2024-03-01\n"
        b"story: ../../etc/passwd\n"
        b"---\n"
        b"<script>alert('title')</script> headline\n\n"
        b"<script>alert(1)</script> The council met <img src=x onerror=alert(2)> on "
        b'Friday. [click](javascript:alert(3)) <a href="javascript:alert(4)">here</a> '
        b'<iframe src="https://evil.example"></iframe> {{ config.site_name }} '
        b"<svg onload=alert(5)>\n\n"
        b"# not a heading\n\n"
        b"| not | a | table |\n\n"
        b"- not a list\n\n"
        b"> not a quote\n\n"
        b'=== "not a tab"\n\n'
        b'!!! warning "not an admonition"\n'
    ),
    "same-headline-a.md": (
        "---\ntitle: Council closes bridge\ndate: 2024-02-06\noutlet: Springfield Post\n---\n"
        + BODY
    ).encode(),
    "same-headline-b.md": (
        b"---\ntitle: Council closes bridge\ndate: 2024-09-17\noutlet: Shelbyville Star\n---\n"
        b"The county council of Shelbyville decided on Tuesday to shut the ferry pier after a "
        b"storm tore away part of the deck, leaving fishermen without a landing.\n\n"
        b"Repairs will cost about $2 million, officials said.\n"
    ),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    root = tmp_path_factory.mktemp("hostile")
    source = root / "source_articles"
    shutil.copytree(SEEDS, source)
    for name, data in HOSTILE.items():
        (source / name).write_bytes(data)
    (source / "sub").mkdir()
    (source / "sub" / "nested.md").write_bytes(
        HOSTILE["same-headline-a.md"].replace(b"2024-02-06", b"2024-02-07")
    )
    outside = root / "outside.txt"
    outside.write_text("Secret headline\n\nSecret body that must not be read.\n")
    (source / "link-out.txt").symlink_to(outside)
    if os.path.exists(PWNED):
        os.unlink(PWNED)
    settings = Settings(
        source_dir=source, out_dir=root / "docs", cache_path=None, max_bytes=1_000_000
    )
    result = build(settings)
    write_site(result.pages, settings.out_dir)
    return root, result


def lines_about(result: BuildResult, name: str) -> list[str]:
    return [str(p) for p in result.report.problems if Path(p.path).name == name]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("empty.txt", "empty"),
        ("blank.txt", "empty"),
        ("binary.txt", "binary"),
        ("nul.md", "binary"),
        ("huge.txt", "too large"),
        ("broken-yaml.md", "YAML"),
        ("unclosed-yaml.md", "not closed"),
        ("list-yaml.md", "mapping"),
        ("python-yaml.md", "YAML"),
        ("only-noise.txt", "no article text"),
    ],
)
def test_bad_source_gets_one_clear_line(
    hostile: tuple[Path, BuildResult], name: str, expected: str
) -> None:
    _root, result = hostile
    lines = lines_about(result, name)
    assert len(lines) == 1, lines
    assert lines[0].startswith("source_articles/") or name in lines[0]
    assert expected.lower() in lines[0].lower(), lines[0]
    assert "Traceback" not in lines[0]


def test_no_internal_errors(hostile: tuple[Path, BuildResult]) -> None:
    assert not hostile[1].report.internal_errors, hostile[1].report.internal_errors


def test_yaml_never_executes_code(hostile: tuple[Path, BuildResult]) -> None:
    assert not os.path.exists(PWNED)


def test_symlink_out_of_the_source_folder_is_not_read(hostile: tuple[Path, BuildResult]) -> None:
    root, _result = hostile
    for page in (root / "docs").rglob("*.md"):
        assert "Secret body" not in page.read_text(encoding="utf-8")


def test_the_rest_of_the_site_still_builds(hostile: tuple[Path, BuildResult]) -> None:
    root, result = hostile
    stories = root / "docs" / "stories"
    briefings = sorted(
        p.name for p in stories.glob("*.md") if p.name not in ("index.md", "tags.md")
    )
    assert any(name.startswith("2024-01-19-") for name in briefings), briefings
    files = {s["file"] for b in result.briefings for s in _sources(b)}
    assert {"000_d9f526054b0b5b27.txt", "001_17da621c824fbe21.txt", "specials.md"} <= files


def _sources(briefing: object) -> list[dict[str, str]]:
    from generator.site.render import front_matter

    return list(front_matter(briefing)["sources"])  # type: ignore[arg-type]


def test_same_headline_gives_two_distinct_pages(hostile: tuple[Path, BuildResult]) -> None:
    _root, result = hostile
    ids = [b.story.story_id for b in result.briefings if b.title == "Council closes bridge"]
    assert len(ids) >= 2 and len(set(ids)) == len(ids), ids


def test_story_value_cannot_escape(hostile: tuple[Path, BuildResult]) -> None:
    root, result = hostile
    for page in result.pages:
        assert ".." not in page.path.parts and not page.path.is_absolute()
    assert not (root / "etc").exists() and not (root / "docs" / "etc").exists()


def test_specials_round_trip_through_front_matter(hostile: tuple[Path, BuildResult]) -> None:
    root, _result = hostile
    for page in (root / "docs" / "stories").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        if "specials.md" not in text:
            continue
        meta = yaml.safe_load(text.split("---\n", 2)[1])
        assert meta["title"].startswith('Trump: "No --- collusion" #1 {{ config }}')
        break
    else:
        pytest.fail("no page for specials.md")


# Live markup is a real tag (a literal `<`, which escaped source text never has) that
# runs code: an inline <script>, an on* handler, a javascript: URL, an iframe or an svg.
LIVE_MARKUP = re.compile(
    r"<script(?![^>]*(src=\"[^\"]*(assets|javascripts|search)/|type=\"application/ld))"
    r"|<[a-z][^<>]*\son[a-z]+\s*="
    r"|<[a-z][^<>]*(?:href|src)\s*=\s*[\"']?\s*javascript:"
    r"|<iframe|<svg",
    re.IGNORECASE,
)


@pytest.mark.slow
def test_built_site_has_no_live_markup_from_sources(
    hostile: tuple[Path, BuildResult], tmp_path: Path
) -> None:
    root, _result = hostile
    project = make_project(tmp_path / "project", [])
    (project / "source_articles").rmdir()  # the hostile folder as it is, symlinks and all
    shutil.copytree(root / "source_articles", project / "source_articles", symlinks=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(project / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    checked, shown = 0, 0
    for html in (project / "site").rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        scripts = [
            m.group(0)
            for m in LIVE_MARKUP.finditer(text)
            if "alert" in text[m.start() : m.start() + 200]
        ]
        assert not scripts, f"{html.relative_to(project)}: {scripts[:3]}"
        assert "alert(1)</script>" not in text.replace("&lt;script&gt;", "")
        shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        checked += 1
    assert checked > 5
    assert shown, "the hostile text should be shown, escaped, not dropped"


def test_output_is_deterministic_across_order_locale_and_time_zone(tmp_path: Path) -> None:
    """Two runs, in different time zones and locales, and with the files created in
    another order, write byte-identical trees."""
    trees = []
    for run, (tz, lang, order) in enumerate(
        [("UTC", "C.UTF-8", sorted), ("Pacific/Kiritimati", "C", lambda x: sorted(x, reverse=True))]
    ):
        source = tmp_path / f"src{run}" / "source_articles"
        source.mkdir(parents=True)
        names = order([p.name for p in SEEDS.iterdir()] + ["same-headline-a.md", "specials.md"])
        for name in names:
            data = (SEEDS / name).read_bytes() if (SEEDS / name).exists() else HOSTILE[name]
            (source / name).write_bytes(data)
        out = tmp_path / f"out{run}"
        env = {**os.environ, "TZ": tz, "LC_ALL": lang, "LANG": lang, "PYTHONHASHSEED": str(run + 1)}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "generate",
                "--no-cache",
                "--quiet",
                "--source",
                str(source),
                "--out",
                str(out),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        trees.append(
            {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        )
    assert trees[0] == trees[1]


def test_generator_never_asks_for_today() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "generator").glob("*.py"))
    assert not re.search(r"\b(date|datetime)\.(today|now|utcnow)\(", source)
    assert "time.time()" not in source
