"""Text from articles never becomes markup: every hostile string renders as itself.

Each string is rendered by Python-Markdown with the extensions `mkdocs.yml` enables, in
every place a briefing page puts source text (paragraph, list item, table cell, quote,
admonition and details titles, details body), and the resulting HTML must carry exactly
the original text and no element of its own.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import markdown
import pytest
from mkdocs.utils.yaml import yaml_load

from generator.site.markdown_text import attribute, cell, inline, link
from tests.conftest import ROOT

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[x](javascript:alert(1))",
    "![x](http://evil.example/x.png)",
    "<http://evil.example>",
    "**bold** and __strong__ and *em* and _em_",
    "# heading",
    "## heading ##",
    "a | b | c",
    "|---|---|",
    "{{ jinja }} {% block %} {# comment #}",
    "---",
    "***",
    "___",
    "1. ordered",
    "2) ordered",
    "- bullet",
    "+ bullet",
    "* bullet",
    "> quote",
    "= setext",
    "===",
    "a = b == c === d",
    "!!! note",
    '??? quote "x"',
    ": definition",
    "`code` and ``more``",
    "~~strike~~ ^^ins^^ ==mark== ^sup^ ~sub~",
    "&amp; &lt; &#39; &nbsp; & AT&T",
    "back\\slash \\* \\",
    "<!-- briefings:latest -->",
    "<!-- material/tags -->",
    "[^1] footnote and *[HTML]: abbr",
    "{: .class #id onclick=alert(1) }",
    "<div markdown>**x**</div>",
    "line one\nline two\n\n    indented code\n---",
    "trailing spaces for a break  \nnext",
    "Mr. Blinken said: “we’re making progress” — 3,000 km (2.4 million) at 9:21 p.m.",
]


def extensions() -> tuple[list[Any], dict[str, Any]]:
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names: list[Any] = []
    configs: dict[str, Any] = {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            ((name, options),) = entry.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(entry)
    return names, configs


def render(text: str) -> str:
    names, configs = extensions()
    return markdown.Markdown(extensions=names, extension_configs=configs).convert(text)


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append("!--")


def parse(html: str) -> Collect:
    collected = Collect()
    collected.feed(html)
    collected.close()
    return collected


def plain(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("text", HOSTILE)
def test_paragraph_shows_the_text_and_nothing_else(text: str) -> None:
    html = parse(render(inline(text)))
    assert html.tags == ["p"], render(inline(text))
    assert plain("".join(html.text)) == plain(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_list_item_and_emphasis_wrappers_stay_ours(text: str) -> None:
    html = parse(render(f"- **{inline(text)}**  \n  {inline(text)}"))
    assert html.tags == ["ul", "li", "strong", "br"], html.tags
    assert plain("".join(html.text)) == plain(f"{text} {text}")


@pytest.mark.parametrize("text", HOSTILE)
def test_table_cell_holds_the_whole_text(text: str) -> None:
    table = f"| A | B |\n|---|---|\n| {cell(text)} | {cell(None)} |\n"
    html = parse(render(table))
    assert [t for t in html.tags if t in ("td", "th")] == ["th", "th", "td", "td"]
    assert set(html.tags) <= {"table", "thead", "tbody", "tr", "th", "td"}
    assert plain("".join(html.text)) == plain(f"A B {text} –")


@pytest.mark.parametrize("text", HOSTILE)
def test_details_title_and_body(text: str) -> None:
    source = f'??? quote "{attribute(text)}"\n\n    {inline(text)}\n\n    **{inline(text)}**\n'
    out = render(source)
    html = parse(out)
    assert html.tags == ["details", "summary", "p", "p", "strong"], out
    assert plain("".join(html.text)) == plain(f"{text} {text} {text}")


@pytest.mark.parametrize("text", HOSTILE)
def test_admonition_title_and_body(text: str) -> None:
    out = render(f'!!! abstract "{attribute(text)}"\n\n    {inline(text)}\n')
    html = parse(out)
    assert html.tags == ["div", "p", "p"], out
    assert plain("".join(html.text)) == plain(f"{text} {text}")


@pytest.mark.parametrize("text", HOSTILE)
def test_blockquote_and_link_label(text: str) -> None:
    out = render(f"> “{inline(text)}”\n\n{link(text, 'people/x.md')}\n")
    html = parse(out)
    assert html.tags == ["blockquote", "p", "p", "a"], out
    assert html.attrs == [("href", "people/x.md")]
    assert plain("".join(html.text)) == plain(f"“{text}” {text}")


@pytest.mark.parametrize("text", HOSTILE)
def test_heading_keeps_every_character(text: str) -> None:
    out = re.sub(r'<a class="headerlink"[^>]*>(¶|&para;)</a>', "", render(f"# {inline(text)}"))
    html = parse(out)
    assert html.tags == ["h1"], out
    assert plain("".join(html.text)) == plain(text)


def test_inline_is_one_line() -> None:
    assert "\n" not in inline("a\nb\r\nc\u2028d")
    assert inline("   leading and trailing   ") == "leading and trailing"


def test_ordinary_prose_stays_readable_in_the_markdown() -> None:
    text = "Mr. Blinken met Alicia Bárcena in Washington on Friday, 19 January 2024."
    assert inline(text) == text
    assert inline("x = 2") == "x = 2"
    assert inline("==x==") == "&#61;&#61;x&#61;&#61;"
