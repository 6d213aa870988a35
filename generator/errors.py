"""Errors that carry the source file they are about."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath


@functools.cache
def _unprintable() -> re.Pattern[str]:
    """Every control, format and line/paragraph separator character (made on first use:
    it reads the Unicode database)."""
    codes = (chr(code) for code in range(0x110000))
    wanted = "".join(re.escape(c) for c in codes if unicodedata.category(c) in _CATEGORIES)
    return re.compile(f"[{wanted}]")


_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp"))


def printable(text: object) -> str:
    """`str(text)` safe to print on a terminal or in a log: control and format characters
    (escape sequences, line breaks, bidi overrides, zero-width characters) written as
    Python escapes, so a file name cannot move the cursor, recolour or reorder a line, or
    forge another one."""
    text = str(text)
    if text.isprintable():  # the usual case; isprintable() is False for every escaped class
        return text
    return _unprintable().sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class SourceError(Exception):
    """Bad input: one clear line naming the file and the problem."""

    def __init__(self, path: PurePosixPath | str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.path = PurePosixPath(path)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return printable(f"{where}: {self.message}")


@dataclass(frozen=True, slots=True)
class Problem:
    """A collected error or warning, printable as one line."""

    path: str
    message: str
    line: int | None = None
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return printable(f"{where}: {self.severity}: {self.message}")

    @classmethod
    def from_error(cls, error: SourceError, source_dir: str = "") -> Problem:
        path = f"{source_dir.rstrip('/')}/{error.path}" if source_dir else str(error.path)
        return cls(path, error.message, error.line)
