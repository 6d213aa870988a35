"""Edge: write the generated subtree atomically.

The whole tree is rendered into a hidden sibling staging folder, then swapped in by
renames: old tree aside, new tree in, old tree deleted. A crash at any point leaves
either the previous tree or the new one in place, never a mix. Hand-written pages live
outside the subtree and are never touched.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import yaml

from generator.config import STORIES_DIR
from generator.model import Page

MARKER = ".generated"


class UnsafeOutput(Exception):
    """The output folder holds something we did not write."""


def page_bytes(page: Page) -> bytes:
    """A page's exact file content: YAML front matter via a real serialiser, then the body."""
    if not page.front_matter:
        return page.body.encode("utf-8")
    header = yaml.safe_dump(
        page.front_matter, sort_keys=False, allow_unicode=True, width=1_000_000,
        default_flow_style=False,
    )
    return f"---\n{header}---\n\n{page.body}".encode()


def write_site(pages: Sequence[Page], out_dir: Path) -> int:
    """Replace `out_dir/stories/` with exactly `pages`; returns the number of files written."""
    target = out_dir / STORIES_DIR
    if target.exists() and not (target / MARKER).exists() and any(target.iterdir()):
        raise UnsafeOutput(
            f"{target} holds files briefings did not generate (no {MARKER} marker); "
            "move them elsewhere, briefings will not overwrite them"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = out_dir / f".{STORIES_DIR}.staging-{os.getpid()}"
    old = out_dir / f".{STORIES_DIR}.old-{os.getpid()}"
    for leftover in out_dir.glob(f".{STORIES_DIR}.*"):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        for page in pages:
            if page.path.parts[0] != STORIES_DIR or ".." in page.path.parts:
                raise ValueError(f"refusing to write outside {STORIES_DIR}/: {page.path}")
            path = staging / Path(*page.path.parts[1:])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(page_bytes(page))
        (staging / MARKER).touch()
        if target.exists():
            target.rename(old)
        staging.rename(target)
    except BaseException:
        if not target.exists() and old.exists():
            old.rename(target)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return len(pages)
