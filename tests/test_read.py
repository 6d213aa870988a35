"""Reading sources: listing, decoding, front matter, HTML extraction, bad input."""

from __future__ import annotations

import codecs
import datetime
import hashlib
import os
from pathlib import Path, PurePosixPath

import pytest

from generator.errors import SourceError
from generator.sources.read import (
    SOURCE_SUFFIXES,
    decode_source,
    list_sources,
    read_source,
    scan_sources,
)

MAX = 1_000_000
P = PurePosixPath

TEXT = "Ministers meet in Genève\n\nThe talks – “frank and useful” – went on until 9 p.m.\n"


def decode(data: bytes, name: str = "a.txt", max_bytes: int = MAX):  # type: ignore[no-untyped-def]
    return decode_source(P(name), data, max_bytes)


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # with BOM
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-32"), "utf-32"),
    ],
)
def test_unicode_encodings(data: bytes, encoding: str) -> None:
    raw = decode(data)
    assert raw.text == TEXT
    assert raw.encoding == encoding


def test_windows_1252_is_detected() -> None:
    text = (
        "Réunion à Genève\n\nLe ministre a déclaré : « C’est un accord équilibré » – et "
        "les négociateurs ont salué un “progrès” après des mois de tensions.\n"
    )
    raw = decode(text.encode("cp1252"))
    assert raw.text == text
    assert raw.encoding in ("cp1252", "windows-1252")


def test_latin_1_is_detected() -> None:
    text = "Año nuevo en España\n\nEl señor Muñoz habló del acuerdo con Bélgica y Perú.\n"
    raw = decode(text.encode("latin-1"))
    assert raw.text == text


def test_crlf_and_cr_become_lf() -> None:
    assert decode(b"Title\r\n\r\nBody line one.\r\n").text == "Title\n\nBody line one.\n"
    assert decode(b"Title\r\rBody line one.\r").text == "Title\n\nBody line one.\n"


def test_mojibake_is_repaired() -> None:
    broken = "The talks â€“ â€œfrank and usefulâ€\x9d â€“ ended. CafÃ© owners agreed."
    raw = decode(f"Title\n\n{broken}\n".encode())
    assert "The talks – “frank and useful” – ended. Café owners agreed." in raw.text


def test_curly_and_straight_quotes_are_kept() -> None:
    text = "Title\n\n“Curly” and \"straight\" and ‘single’ and 'plain'.\n"
    assert decode(text.encode()).text == text


def test_nfc() -> None:
    assert decode("Cafe\u0301\n\nBody.\n".encode()).text == "Café\n\nBody.\n"


def test_digest_is_sha256_of_bytes() -> None:
    data = TEXT.encode()
    assert decode(data).digest == hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"  \n\n\t ", "empty file"),
        (b"\x00\x01\x02binary\x00data", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(1, 9)) * 50, "binary"),
    ],
)
def test_bad_bytes(data: bytes, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        decode(data)
    assert message in str(caught.value)
    assert str(caught.value).startswith("a.txt")


def test_too_large() -> None:
    with pytest.raises(SourceError, match="too large"):
        decode(b"x" * 101, max_bytes=100)


def test_undecodable_utf16_with_bom() -> None:
    with pytest.raises(SourceError, match="decode"):
        decode(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate


def test_front_matter_only_leaves_no_text() -> None:
    with pytest.raises(SourceError, match="no text"):
        decode(b"---\ntitle: Hello\n---\n\n", "a.md")


# --------------------------------------------------------------------------- front matter


def test_front_matter_is_parsed_and_wins() -> None:
    data = (
        b"---\n"
        b"title: 'Talks: a \"frank\" exchange'\n"
        b"date: 2024-01-19\n"
        b"updated: 20 January 2024\n"
        b"outlet: AFP\n"
        b"url: https://example.test/a\n"
        b"author: Jane Doe\n"
        b"language: FR_fr\n"
        b"story: talks-2024\n"
        b"tags: [ignored, unknown, key]\n"
        b"---\n"
        b"# Talks resume\n\nBody text.\n"
    )
    raw = decode(data, "a.md")
    meta = raw.meta
    assert meta.title == 'Talks: a "frank" exchange'
    assert meta.date == datetime.date(2024, 1, 19)
    assert meta.updated == datetime.date(2024, 1, 20)
    assert (meta.outlet, meta.url, meta.author, meta.language, meta.story) == (
        "AFP",
        "https://example.test/a",
        "Jane Doe",
        "fr",
        "talks-2024",
    )
    assert raw.fmt == "md"
    # The front matter is gone, but line numbers still match the file.
    assert raw.text.split("\n")[11] == "# Talks resume"


def test_markdown_without_front_matter() -> None:
    raw = decode(b"# Title\n\nBody.\n", "a.markdown")
    assert raw.meta.title is None
    assert raw.text == "# Title\n\nBody.\n"


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("title: [unclosed\n", 2, "not valid YAML"),
        ("title: ok\ndate: : :\n", 3, "not valid YAML"),
        ("- a\n- b\n", 2, "mapping"),
        ("just a string\n", 2, "mapping"),
        ("title: ok\ndate: not a date at all\n", 3, "not a date"),
        ("title: ok\nauthor: [a, b]\n", 3, "single value"),
    ],
)
def test_broken_front_matter(front: str, line: int, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        decode(f"---\n{front}---\nBody.\n".encode(), "a.md")
    assert caught.value.line == line
    assert message in caught.value.message


def test_unclosed_front_matter() -> None:
    with pytest.raises(SourceError, match="not closed") as caught:
        decode(b"---\ntitle: x\nBody.\n", "a.md")
    assert caught.value.line == 1


def test_front_matter_is_loaded_safely() -> None:
    data = b"---\ntitle: !!python/object/apply:os.system ['echo hacked']\n---\nBody.\n"
    with pytest.raises(SourceError, match="not valid YAML"):
        decode(data, "a.md")


def test_front_matter_in_txt_is_just_text() -> None:
    raw = decode(b"---\ntitle: x\n---\nBody.\n", "a.txt")
    assert raw.meta.title is None
    assert raw.text.startswith("---")


# --------------------------------------------------------------------------- HTML

HTML = """<!doctype html>
<html lang="en"><head>
<title>Talks resume in Geneva | The Daily Planet</title>
<meta property="og:title" content="Talks resume in Geneva">
<meta property="og:site_name" content="The Daily Planet">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-01-19T10:00:00Z">
<link rel="canonical" href="https://planet.example/talks">
<script>var tracking = "<p>not text</p>";</script>
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Talks resume in Geneva</h1>
<p>GENEVA (Reuters) – Negotiators from both sides met again on Friday after a pause of
three weeks, and said they had made progress on the most difficult questions.</p>
<h2>A fragile calm</h2>
<p>The ceasefire has held since December, officials said, although both sides reported
incidents along the line of contact &amp; near the river.</p>
<p>&ldquo;We are closer than ever,&rdquo; the mediator told reporters outside the
building on Friday evening, before flying back to Oslo.</p>
</article>
<footer>Copyright The Daily Planet</footer>
</body></html>
"""


def test_html_main_text_and_metadata() -> None:
    raw = decode(HTML.encode(), "page.html")
    assert raw.fmt == "html"
    blocks = raw.text.strip().split("\n\n")
    assert blocks[0] == "Talks resume in Geneva"
    assert blocks[1].startswith("GENEVA (Reuters) – Negotiators")
    assert "## A fragile calm" in blocks
    assert any(block.startswith("“We are closer than ever,”") for block in blocks)
    assert "Home" not in raw.text and "tracking" not in raw.text
    meta = raw.meta
    assert meta.title == "Talks resume in Geneva"
    assert meta.date == datetime.date(2024, 1, 19)
    assert meta.outlet == "The Daily Planet"
    assert meta.author == "Jane Doe"
    assert meta.url == "https://planet.example/talks"


def test_html_without_article_text() -> None:
    with pytest.raises(SourceError):
        decode(b"<html><head><script>var x = 1;</script></head><body></body></html>", "e.htm")


# --------------------------------------------------------------------------- listing


def test_list_sources(tmp_path: Path) -> None:
    root = tmp_path / "src"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    for name in ["b.txt", "a.md", "c.HTML", "sub/d.markdown", "sub/deeper/e.htm"]:
        (root / name).write_text("x")
    for name in ["notes.pdf", ".secret.txt", ".hidden/f.txt", "sub/g.txt~"]:
        (root / name).write_text("x")
    outside = tmp_path / "outside.txt"
    outside.write_text("x")
    os.symlink(outside, root / "link-out.txt")
    os.symlink(root / "b.txt", root / "link-in.txt")
    os.symlink(root / "missing.txt", root / "dangling.txt")
    os.symlink(root / "sub", root / "sub-link")  # folder links are not followed
    (root / "dir.txt").mkdir()
    assert list_sources(root) == [
        P("a.md"),
        P("b.txt"),
        P("c.HTML"),
        P("link-in.txt"),
        P("sub/d.markdown"),
        P("sub/deeper/e.htm"),
    ]
    assert SOURCE_SUFFIXES == (".txt", ".md", ".markdown", ".html", ".htm")


def test_scanned_sources_come_with_their_own_stat(tmp_path: Path) -> None:
    root = tmp_path / "src"
    (root / "sub").mkdir(parents=True)
    for name in ["a.txt", "sub/b.md"]:
        (root / name).write_text("x")
    os.symlink(root / "a.txt", root / "c.txt")
    found = dict(scan_sources(root))
    assert list(found) == [P("a.txt"), P("c.txt"), P("sub/b.md")] == list_sources(root)
    for path, info in found.items():
        if path == P("c.txt"):
            assert info is None  # a link: read again each time
        else:
            assert info is not None and info.st_ino == os.lstat(root / path).st_ino


def test_list_sources_of_missing_folder(tmp_path: Path) -> None:
    assert list_sources(tmp_path / "nope") == []


# --------------------------------------------------------------------------- reading


def test_read_source(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(TEXT.encode())
    raw = read_source(tmp_path, P("a.txt"), MAX)
    assert raw.text == TEXT
    assert raw.path == P("a.txt")


def test_read_source_checks_size_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: 3 GB on paper, nothing on disk
        handle.truncate(3 * 1024**3)
    with pytest.raises(SourceError, match="too large"):
        read_source(tmp_path, P("big.txt"), MAX)


@pytest.mark.parametrize("name", ["missing.txt", "../outside.txt", "/etc/passwd"])
def test_read_source_errors(tmp_path: Path, name: str) -> None:
    with pytest.raises(SourceError):
        read_source(tmp_path, P(name), MAX)


def test_read_source_symlink_outside(tmp_path: Path) -> None:
    root = tmp_path / "src"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(tmp_path / "secret.txt", root / "a.txt")
    with pytest.raises(SourceError, match="outside"):
        read_source(root, P("a.txt"), MAX)


def test_read_source_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("x")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: permissions are not enforced")
        with pytest.raises(SourceError, match="cannot read"):
            read_source(tmp_path, P("a.txt"), MAX)
    finally:
        path.chmod(0o644)


def test_seeds_read_as_utf8() -> None:
    seeds = Path(__file__).parent / "cases_clean" / "seeds"
    for path in list_sources(seeds):
        raw = read_source(seeds, path, MAX)
        assert raw.encoding == "utf-8"
        assert "\r" not in raw.text
