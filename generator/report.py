"""What a build says about itself: counts, problems, and what `check` shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.errors import Problem
from generator.model import CleanArticle, Story

INTERNAL = "internal error"
"""The severity of a problem that is our bug, not the source's."""

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total)"""


def quiet(_stage: str, _done: int, _total: int) -> None:
    return None


@dataclass(slots=True)
class BuildReport:
    sources: int = 0
    articles: int = 0
    cached: int = 0
    stories: int = 0
    pages: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    cleaned: list[CleanArticle] = field(default_factory=list)
    """Cleaned texts of every source with `explain`; else of those extracted in this run."""
    groupings: list[Story] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "warning"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def internal_errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == INTERNAL]

    def warn_once(self, where: str, message: str | None) -> None:
        """A warning about the whole build (the model is missing), once however many
        rounds of work meet it."""
        warning = Problem(where, message or "", severity="warning")
        if message and warning not in self.problems:
            self.problems.append(warning)

    def summary(self) -> str:
        return (
            f"{self.articles} of {self.sources} source(s) read ({self.cached} from cache), "
            f"{self.stories} stor{'y' if self.stories == 1 else 'ies'}, "
            f"{self.pages} page(s), {len(self.errors)} error(s), "
            f"{len(self.warnings)} warning(s) in {self.seconds:.1f} s"
        )
