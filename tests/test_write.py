"""write_site: atomic swap, deleted pages removed, hand-written pages untouched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path, PurePosixPath

import pytest
import yaml

from generator.model import Page
from generator.output.write import MARKER, UnsafeOutput, page_bytes, write_site


def pages(tag: str, count: int = 3) -> list[Page]:
    return [
        Page(PurePosixPath("stories") / f"p{n}.md", {"title": f"{tag} {n}"}, f"{tag} body {n}\n")
        for n in range(count)
    ]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_front_matter_is_real_yaml_even_for_hostile_titles() -> None:
    title = 'Trump: "No collusion" --- #1 {{ jinja }} [x](y) & <b>'
    data = page_bytes(Page(PurePosixPath("stories/a.md"), {"title": title, "n": 1}, "body\n"))
    header = data.decode().split("---\n")[1]
    assert yaml.safe_load(header) == {"title": title, "n": 1}


def test_rewrite_replaces_the_tree_and_removes_deleted_pages(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_site(pages("old", 3), docs)
    write_site(pages("new", 2), docs)
    tree = snapshot(docs / "stories")
    assert sorted(tree) == [MARKER, "p0.md", "p1.md"]
    assert b"new body 0" in tree["p0.md"]
    assert [p.name for p in docs.iterdir()] == ["stories"], "no staging folder left behind"


def test_hand_written_pages_are_never_touched(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# mine\n")
    (docs / "about").mkdir()
    (docs / "about" / "x.md").write_text("mine too\n")
    write_site(pages("a"), docs)
    write_site(pages("b"), docs)
    assert (docs / "index.md").read_text() == "# mine\n"
    assert (docs / "about" / "x.md").read_text() == "mine too\n"


def test_a_stories_folder_we_did_not_write_is_refused(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "stories").mkdir(parents=True)
    (docs / "stories" / "notes.md").write_text("hand-written\n")
    with pytest.raises(UnsafeOutput):
        write_site(pages("a"), docs)
    assert (docs / "stories" / "notes.md").read_text() == "hand-written\n"


@pytest.mark.parametrize("bad", ["../escape.md", "/etc/passwd", "other/x.md"])
def test_pages_outside_the_subtree_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError):
        write_site([Page(PurePosixPath(bad), {}, "x")], tmp_path / "docs")
    assert not (tmp_path / "escape.md").exists()


def test_failure_while_staging_leaves_the_previous_tree(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_site(pages("old"), docs)
    before = snapshot(docs / "stories")
    broken = [*pages("new"), Page(PurePosixPath("stories/../../x.md"), {}, "x")]
    with pytest.raises(ValueError):
        write_site(broken, docs)
    assert snapshot(docs / "stories") == before
    assert [p.name for p in docs.iterdir()] == ["stories"]


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path, PurePosixPath
    from generator.model import Page
    from generator.output.write import write_site
    tag, count = sys.argv[2], int(sys.argv[3])
    pages = [Page(PurePosixPath("stories") / f"d{n // 100}" / f"p{n}.md", {"title": tag},
                  (tag + " ") * 200) for n in range(count)]
    print("ready", flush=True)
    write_site(pages, Path(sys.argv[1]))
    """
)


@pytest.mark.parametrize("delay", [0.05, 0.15, 0.3, 0.6])
def test_killing_generation_midway_leaves_a_complete_tree(tmp_path: Path, delay: float) -> None:
    docs = tmp_path / "docs"
    subprocess.run([sys.executable, "-c", WRITER, str(docs), "old", "300"], check=True)
    old = snapshot(docs / "stories")
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(docs), "new", "3000"], stdout=subprocess.PIPE
    )
    assert child.stdout is not None
    child.stdout.readline()
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    now = snapshot(docs / "stories")
    complete_new = len(now) == 3001 and all(b"new" in v for k, v in now.items() if k != MARKER)
    assert now == old or complete_new, "a killed run left a mixed tree"
    write_site(pages("after"), docs)  # the next run cleans up whatever was left
    assert [p.name for p in docs.iterdir()] == ["stories"]


def test_shared_values_are_written_out_not_aliased() -> None:
    import datetime

    day = datetime.date(2024, 1, 19)
    data = page_bytes(Page(PurePosixPath("stories/a.md"), {"date": day, "s": [{"date": day}]}, ""))
    assert b"&id" not in data and b"*id" not in data
    assert b"date: 2024-01-19" in data


def inodes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def test_writing_the_same_pages_again_touches_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    assert write_site(pages("a"), docs) == 4  # three pages and the marker
    before, stamps = inodes(docs / "stories"), snapshot(docs / "stories")
    assert write_site(pages("a"), docs) == 0
    assert inodes(docs / "stories") == before and snapshot(docs / "stories") == stamps
    assert [p.name for p in docs.iterdir()] == ["stories"]


def test_only_changed_pages_are_written_the_rest_is_linked(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_site(pages("a"), docs)
    before = inodes(docs / "stories")
    changed = [*pages("a")[:2], Page(PurePosixPath("stories/p2.md"), {"title": "b"}, "new\n")]
    assert write_site(changed, docs) == 1
    after = inodes(docs / "stories")
    assert after["p0.md"] == before["p0.md"] and after["p1.md"] == before["p1.md"]
    assert after["p2.md"] != before["p2.md"]
    assert snapshot(docs / "stories")["p2.md"] == page_bytes(changed[2])
    assert [p.name for p in docs.iterdir()] == ["stories"]


def test_a_deleted_page_or_a_hand_edited_one_is_not_taken_as_unchanged(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_site(pages("a", 3), docs)
    assert write_site(pages("a", 2), docs) == 0  # nothing new to write, but p2 goes
    assert sorted(snapshot(docs / "stories")) == [MARKER, "p0.md", "p1.md"]
    edited = docs / "stories" / "p0.md"
    edited.write_bytes(edited.read_bytes().replace(b"a body", b"x body"))  # same size
    write_site(pages("a", 2), docs)
    assert snapshot(docs / "stories")["p0.md"] == page_bytes(pages("a", 2)[0])


def test_a_page_that_carries_its_bytes_is_written_as_them() -> None:
    import dataclasses

    page = pages("a", 1)[0]
    kept = dataclasses.replace(page, data=b"cached")
    assert page_bytes(kept) == b"cached" and kept == page  # the bytes are no part of equality
    assert page_bytes(page) != b"cached"


def test_remembered_headers_tell_types_apart() -> None:
    import datetime

    from generator.output.write import plain_repr

    values: list[object] = [1, True, "1", 1.0, None, datetime.date(2024, 1, 1), [1], {"a": 1}]
    fronts = [{"title": "t", "n": value} for value in values]
    expected = [page_bytes(Page(PurePosixPath("stories/a.md"), front, "b\n")) for front in fronts]
    memo: dict[str, str] = {}
    for _ in range(2):  # the second time from the memo
        got = [page_bytes(Page(PurePosixPath("stories/a.md"), f, "b\n"), memo) for f in fronts]
        assert got == expected
    assert len(memo) == len(values)
    assert plain_repr({"d": datetime.datetime(2024, 1, 1)}) is None  # not a plain date
    assert plain_repr({1: "a"}) is None and plain_repr({"t": ("a",)}) is None


def test_the_previous_tree_is_kept_and_staged_in(tmp_path: Path) -> None:
    docs, keep = tmp_path / "docs", tmp_path / "cache" / "previous"
    first = [*pages("a", 3), Page(PurePosixPath("stories/deep/x.md"), {}, "deep\n")]
    write_site(first, docs, keep)
    assert not keep.exists()  # there was no tree to keep
    second = pages("b", 2)
    assert write_site(second, docs, keep) == 2  # two pages changed, the marker did not
    assert sorted(snapshot(keep)) == [MARKER, "deep/x.md", "p0.md", "p1.md", "p2.md"]
    assert [p.name for p in docs.iterdir()] == ["stories"]
    for step in (pages("b", 3), pages("c", 1), pages("c", 1), pages("b", 2), first):
        write_site(step, docs, keep)
        assert snapshot(docs / "stories") == {
            MARKER: (docs / "stories" / MARKER).read_bytes(),
            **{str(p.path.relative_to("stories")): page_bytes(p) for p in step},
        }
        assert [p.name for p in docs.iterdir()] == ["stories"]
        deep = any(page.path.parts[1] == "deep" for page in step)
        assert (docs / "stories" / "deep").exists() == deep  # no empty folder of gone pages


def test_a_damaged_kept_tree_heals(tmp_path: Path) -> None:
    docs, keep = tmp_path / "docs", tmp_path / "cache" / "previous"
    write_site(pages("a", 3), docs, keep)
    write_site(pages("b", 3), docs, keep)
    (keep / "p0.md").write_text("edited by hand")  # a hard link of nothing live now
    (keep / "p1.md").unlink()
    (keep / "p1.md").mkdir()  # a folder where a page goes
    (keep / "p1.md" / "stray.txt").write_text("x")
    (keep / "stray").mkdir()
    (keep / "stray" / "junk.md").write_text("junk")
    os.symlink(tmp_path, keep / "loop")
    write_site(pages("c", 3), docs, keep)
    assert snapshot(docs / "stories") == {
        MARKER: (docs / "stories" / MARKER).read_bytes(),
        **{str(p.path.relative_to("stories")): page_bytes(p) for p in pages("c", 3)},
    }
    assert not (docs / "stories" / "loop").exists() and not (docs / "stories" / "stray").exists()


def test_a_kept_file_shared_with_the_live_tree_is_never_written_in_place(tmp_path: Path) -> None:
    docs, keep = tmp_path / "docs", tmp_path / "cache" / "previous"
    write_site(pages("a", 2), docs, keep)
    write_site([*pages("a", 2), Page(PurePosixPath("stories/new.md"), {}, "n\n")], docs, keep)
    live = docs / "stories" / "p0.md"
    assert (keep / "p0.md").stat().st_ino == live.stat().st_ino  # one file, two names
    before = live.read_bytes()
    write_site([pages("a", 2)[1], Page(PurePosixPath("stories/p0.md"), {}, "x\n")], docs, keep)
    assert (keep / "p0.md").read_bytes() == before  # the tree swapped out is untouched
    assert (docs / "stories" / "p0.md").read_bytes() == b"x\n"


def test_a_kept_tree_in_use_by_another_run_is_left_to_it(tmp_path: Path) -> None:
    import fcntl

    docs, keep = tmp_path / "docs", tmp_path / "cache" / "previous"
    write_site(pages("a", 2), docs, keep)
    write_site(pages("b", 2), docs, keep)
    before = snapshot(keep)
    with (tmp_path / "cache" / ".previous.lock").open("a+b") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another run holds it
        write_site(pages("c", 2), docs, keep)
    assert snapshot(keep) == before  # staged on its own instead
    assert b"c body 0" in (docs / "stories" / "p0.md").read_bytes()
    assert [p.name for p in docs.iterdir()] == ["stories"]
    write_site(pages("d", 2), docs, keep)  # free again: staged in the kept tree
    assert b"c body 0" in (keep / "p0.md").read_bytes()
