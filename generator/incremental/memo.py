"""Memos of pure functions: answers that depend on their key alone, never on a build.

A module may keep one at module level (captions recur across a wire service's articles;
spaCy's attribute ruler answers alike for one tag and word): two builds in one process
see the same answers they would have worked out. State a build fills lives in objects
the build makes and passes in (`site.listings.SiteMemo`, `incremental.store.Store`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class PureMemo(Generic[K, V]):
    """Up to `size` answers of a pure function; when full, all are forgotten at once."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._answers: dict[K, V] = {}

    def clear(self) -> None:
        self._answers.clear()

    def get(self, key: K, compute: Callable[[K], V]) -> V:
        found = self._answers.get(key)
        if found is None:
            if len(self._answers) >= self.size:
                self._answers.clear()
            found = self._answers[key] = compute(key)
        return found

    def many(self, keys: Sequence[K], compute: Callable[[list[K]], Iterable[V]]) -> dict[K, V]:
        """The answers for `keys`; those not known yet are worked out in one call."""
        new = [key for key in dict.fromkeys(keys) if key not in self._answers]
        if new:
            if len(self._answers) + len(new) > self.size:
                self._answers.clear()  # forgets the ones known before too: work them out again
                new = list(dict.fromkeys(keys))
            self._answers.update(zip(new, compute(new), strict=True))
        return {key: self._answers[key] for key in keys}
