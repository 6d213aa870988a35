"""Escaping text from articles so that it never becomes markup.

Everything a source says goes through `inline()` (or `cell()` inside a table) before it
reaches a page: HTML is entity-escaped, and every character Markdown or the enabled
extensions could read as syntax is backslash-escaped.
"""

from __future__ import annotations

import re

# Characters Python-Markdown honours a backslash escape for (its ESCAPED_CHARS, plus `|`
# for tables). `<`, `>` and `&` are entity-escaped instead.
_BACKSLASHED = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=:])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def inline(text: str) -> str:
    """Text from a source, safe as Markdown inline content on one line."""
    text = " ".join(text.split())
    text = "".join(_HTML.get(char, char) for char in text)
    return _BACKSLASHED.sub(r"\\\1", text)


def cell(text: str | None) -> str:
    """Safe as a table cell: one line, pipes escaped, empty shown as a dash."""
    return inline(text) if text else "–"


def attribute(text: str) -> str:
    """Safe inside a double-quoted admonition title."""
    return inline(text).replace('"', "&quot;")


def link(label: str, target: str) -> str:
    """A Markdown link to one of our own pages. `target` is generated, never from a source."""
    return f"[{inline(label)}]({target})"
