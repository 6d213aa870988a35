"""Escaping text from articles so that it never becomes markup.

Everything a source says goes through `inline()` (or `cell()` inside a table) before it
reaches a page. The output is plain text to every Markdown reader we feed it to
(Python-Markdown with the extensions in `mkdocs.yml`, and Jinja-free MkDocs pages):

- `&`, `<` and `>` become HTML entities, so raw HTML, comments and our own
  `<!-- … -->` markers stay text;
- the characters Python-Markdown knows how to backslash-escape (emphasis, code, links,
  braces, table pipes) get a backslash, which Markdown removes again;
- characters with meaning to other common extensions but no backslash escape in
  Python-Markdown (`~`, `^`, `==`, and `=`, `:`, `?` at the start of a line) become
  numeric entities: a backslash there would show;
- what only means something at the start of a line (headings, lists, quotes, rules,
  admonitions) is neutralised there.

Whitespace is collapsed, so a source can never start an indented code block, a setext
heading underline or a hard line break.
"""

from __future__ import annotations

import functools
import re

# Python-Markdown's own escapable characters (markdown.Markdown.ESCAPED_CHARS, with `|`
# from the tables extension) that carry inline meaning anywhere in a line.
_BACKSLASHED = re.compile(r"([\\`*_{}\[\]|#])")
# No backslash escape exists for these in Python-Markdown; an entity is always literal.
_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "~": "&#126;",  # pymdownx.tilde: ~~strike~~
    "^": "&#94;",  # pymdownx.caret: ^^insert^^
}
_ENTITY_TABLE = str.maketrans(_ENTITIES)
# `==mark==` (pymdownx.mark) and setext underlines need two `=` or a line start; a lone
# `=` (as in "a = b") stays readable.
_EQUALS = re.compile(r"^=|=(?==)|(?<==)=")
# Only meaningful at the very start of a line: list bullets, ordered lists, admonitions
# (`!!!`), details (`???`), definition lists (`:`), horizontal rules (`---`, `+++`).
_LINE_START = re.compile(r"^(?:[+\-!]|\d+(?=[.)])|[?:])")


def _line_start(match: re.Match[str]) -> str:
    mark = match.group(0)
    if mark == "?":
        return "&#63;"
    if mark == ":":
        return "&#58;"
    if mark.isdigit():  # `1. ` / `1) `: escape the digit's terminator instead
        return mark + "\\"
    return "\\" + mark


@functools.lru_cache(maxsize=1 << 16)
def inline(text: str) -> str:
    """Text from a source, safe as Markdown inline content on one line (remembered: a
    briefing's title and summary appear in many listings)."""
    text = " ".join(text.split())
    text = _BACKSLASHED.sub(r"\\\1", text)  # first: the entities below contain `#`
    text = text.translate(_ENTITY_TABLE)
    text = _EQUALS.sub("&#61;", text)
    return _LINE_START.sub(_line_start, text, count=1)


def cell(text: str | None) -> str:
    """Safe as a table cell: one line, pipes escaped, empty shown as a dash."""
    return inline(text) if text else "–"


def attribute(text: str) -> str:
    """Safe inside a double-quoted admonition or details title."""
    return inline(text).replace('"', "&quot;")


def link(label: str, target: str) -> str:
    """A Markdown link to one of our own pages. `target` is generated, never from a source."""
    return f"[{inline(label)}]({target})"
