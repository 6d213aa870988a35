"""One build's context: what every cached stage is given, in one object."""

from __future__ import annotations

from dataclasses import dataclass

from generator.config import Settings
from generator.incremental.store import Store
from generator.incremental.workers import Workers
from generator.report import BuildReport, Progress


@dataclass(slots=True)
class Run:
    settings: Settings
    report: BuildReport
    store: Store
    workers: Workers
    progress: Progress

    @property
    def prefix(self) -> str:
        """The source folder as problems name it (`source_articles/a.txt`)."""
        return str(self.settings.source_dir).rstrip("/")
