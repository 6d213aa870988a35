"""Escaping text from articles so that it never becomes markup.

Everything a source says goes through `inline()` (or `cell()` inside a table) before it
reaches a page: HTML is entity-escaped, and every character Markdown or the enabled
extensions could read as syntax is backslash-escaped.
"""

from __future__ import annotations

import re

# Characters that start inline syntax anywhere (emphasis, code, links, tables, and the
# marks of common pymdownx extensions); `<`, `>` and `&` are entity-escaped instead.
_BACKSLASHED = re.compile(r"([\\`*_{}\[\]|~^=])")
# Characters that only mean something at the start of a line (headings, lists, quotes).
_LINE_START = re.compile(r"^(\s*)([#+\-]|\d+[.)])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def inline(text: str) -> str:
    """Text from a source, safe as Markdown inline content on one line."""
    text = " ".join(text.split())
    text = "".join(_HTML.get(char, char) for char in text)
    text = _BACKSLASHED.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def cell(text: str | None) -> str:
    """Safe as a table cell: one line, pipes escaped, empty shown as a dash."""
    return inline(text) if text else "–"


def attribute(text: str) -> str:
    """Safe inside a double-quoted admonition title."""
    return inline(text).replace('"', "&quot;")


def link(label: str, target: str) -> str:
    """A Markdown link to one of our own pages. `target` is generated, never from a source."""
    return f"[{inline(label)}]({target})"
