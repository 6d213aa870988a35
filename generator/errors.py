"""Errors that carry the source file they are about."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath


class SourceError(Exception):
    """Bad input: one clear line naming the file and the problem."""

    def __init__(self, path: PurePosixPath | str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.path = PurePosixPath(path)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Problem:
    """A collected error or warning, printable as one line."""

    path: str
    message: str
    line: int | None = None
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"

    @classmethod
    def from_error(cls, error: SourceError, source_dir: str = "") -> Problem:
        path = f"{source_dir.rstrip('/')}/{error.path}" if source_dir else str(error.path)
        return cls(path, error.message, error.line)


class BuildFailed(Exception):
    """Raised when problems prevent any output from being written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
