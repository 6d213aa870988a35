"""Reading sources: the only stage here that touches the disk.

``list_sources`` walks the source folder; ``read_source`` reads one file (size checked
before reading) and hands the bytes to ``decode_source``, which is pure: it detects the
encoding (BOM, strict UTF-8, then charset-normalizer), repairs mojibake with ftfy,
normalises line ends and Unicode (NFC), splits YAML front matter (safe loading only) from
``.md`` files and extracts the main text and metadata of ``.html`` pages with trafilatura.
"""

from __future__ import annotations

import codecs
import datetime
import errno
import hashlib
import os
import re
import stat
import unicodedata
from pathlib import Path, PurePosixPath
from typing import Any

import ftfy
import yaml

from generator.config import (
    MAX_FRONT_MATTER_CHARS,
    MAX_FRONT_MATTER_DEPTH,
    MAX_PARAGRAPH_CHARS,
    MAX_WORDS,
)
from generator.errors import SourceError
from generator.extract.meta import parse_date
from generator.model import RawArticle, SourceFormat, SourceMeta

SOURCE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

_FORMATS: dict[str, SourceFormat] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # entity remnants are the cleaner's job, with its own rules
    uncurl_quotes=False,  # curly quotes are real text
    fix_character_width=False,
    normalization="NFC",
)

# Bytes that never occur in text (controls other than tab, LF, VT, FF, CR, ESC).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))

FRONT_MATTER_KEYS = (
    "title",
    "date",
    "updated",
    "outlet",
    "wire",
    "url",
    "author",
    "language",
    "story",
)


# --------------------------------------------------------------------------- listing


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def list_sources(source_dir: Path) -> list[PurePosixPath]:
    """Sorted relative POSIX paths of the source files under ``source_dir``.

    Hidden files and folders are skipped, symlinked folders are not followed, and a
    file is listed only when it is a regular file (a symlink counts only when it points
    to a regular file inside ``source_dir``).
    """
    return [path for path, _info in scan_sources(source_dir)]


def scan_sources(source_dir: Path) -> list[tuple[PurePosixPath, os.stat_result | None]]:
    """`list_sources`, each with the file's own stat (`lstat`; None for a symlink). One
    system call per file, as the folder listing already says what is a folder or a link:
    a warm run over 10,000 sources stats them all to find the changed ones."""
    root = Path(source_dir)
    if not root.is_dir():
        return []
    real_root = root.resolve()
    found: list[tuple[str, os.stat_result | None]] = []
    pending = [("", os.fspath(root))]
    while pending:
        prefix, folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue  # unreadable or vanished folder
        for entry in entries:
            name = entry.name
            if _is_hidden(name):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append((f"{prefix}{name}/", entry.path))
                continue
            if not name.lower().endswith(SOURCE_SUFFIXES):
                continue
            try:
                if entry.is_symlink():
                    full = Path(entry.path)
                    if stat.S_ISREG(full.stat().st_mode) and full.resolve().is_relative_to(
                        real_root
                    ):
                        found.append((prefix + name, None))
                    continue
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # dangling symlink or vanished file
            if stat.S_ISREG(info.st_mode):
                found.append((prefix + name, info))
    found.sort(key=lambda item: item[0])
    return [(PurePosixPath(path), info) for path, info in found]


# --------------------------------------------------------------------------- reading


def read_source(source_dir: Path, path: PurePosixPath, max_bytes: int) -> RawArticle:
    """Read one source file and decode it; every failure is a ``SourceError``."""
    path = PurePosixPath(path)
    return decode_source(path, load_source(source_dir, path, max_bytes), max_bytes)


def load_source(source_dir: Path, path: PurePosixPath, max_bytes: int) -> bytes:
    """A source file's bytes, undecoded (the cache checks their digest before decoding);
    every failure is a ``SourceError``.

    The file is opened one path component at a time under the source folder (`open_under`),
    so a folder swapped for a symlink after the listing cannot lead outside it."""
    path = PurePosixPath(path)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise SourceError(path, "path leaves the source folder")
    try:
        fd = open_under(Path(source_dir), path)
    except SourceError:
        raise
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        raise SourceError(path, f"cannot read file: {reason}") from None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise SourceError(path, "not a regular file")
            if info.st_size > max_bytes:
                raise SourceError(path, _too_large(info.st_size, max_bytes))
            data = handle.read(max_bytes + 1)
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        raise SourceError(path, f"cannot read file: {reason}") from None
    return data


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO must not hold the read


def open_under(root: Path, path: PurePosixPath) -> int:
    """A read-only descriptor of `root/path`, opened component by component: each folder
    with `O_NOFOLLOW` relative to the one before (a symlinked folder is refused, whenever
    it was swapped in), the file itself likewise unless it is a symlink, whose target must
    then lie inside `root` once opened (checked on the open descriptor)."""
    if not (_NOFOLLOW and _DIRECTORY and os.open in os.supports_dir_fd):
        return _open_checked(root, path)  # no per-component opening on this system
    folder = os.open(root, os.O_RDONLY | _DIRECTORY)
    try:
        for part in path.parts[:-1]:
            try:
                inner = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=folder)
            except OSError as error:
                if error.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise SourceError(
                        path, f"path leaves the source folder ({part}/ is not a folder)"
                    ) from None
                raise
            os.close(folder)
            folder = inner
        name = path.parts[-1]
        try:
            return os.open(name, os.O_RDONLY | _NOFOLLOW | _NONBLOCK, dir_fd=folder)
        except OSError as error:
            if error.errno != errno.ELOOP:
                raise
        # A symlink as the file itself (listed only when it points inside the folder):
        # follow it, then check where the descriptor really leads.
        fd = os.open(name, os.O_RDONLY | _NONBLOCK, dir_fd=folder)
    finally:
        os.close(folder)
    if not _inside(fd, root, path):
        os.close(fd)
        raise SourceError(path, "symlink points outside the source folder")
    return fd


def _open_checked(root: Path, path: PurePosixPath) -> int:
    fd = os.open(root / path, os.O_RDONLY | _NONBLOCK)
    if not _inside(fd, root, path):
        os.close(fd)
        raise SourceError(path, "path leads outside the source folder")
    return fd


def _inside(fd: int, root: Path, path: PurePosixPath) -> bool:
    """Whether the file open at `fd` lies inside `root`: by its real path where the
    system tells it (/proc/self/fd), else by the resolved path of `root/path` when that
    is the same file (device and inode) as the descriptor's."""
    real_root = root.resolve()
    try:
        real = Path(os.readlink(f"/proc/self/fd/{fd}"))
        if real.is_absolute():
            return real.is_relative_to(real_root)
    except OSError:
        pass
    resolved = (root / path).resolve()
    try:
        same = os.path.samestat(os.fstat(fd), os.stat(resolved))
    except OSError:
        return False
    return same and resolved.is_relative_to(real_root)


def _too_large(size: int, max_bytes: int) -> str:
    return f"file is too large ({size:,} bytes; the limit is {max_bytes:,})"


# --------------------------------------------------------------------------- decoding


def decode_source(path: PurePosixPath, data: bytes, max_bytes: int) -> RawArticle:
    """Decode a source file's bytes into a ``RawArticle`` (pure: no disk access)."""
    path = PurePosixPath(path)
    fmt = _FORMATS.get(path.suffix.lower(), "txt")
    if len(data) > max_bytes:
        raise SourceError(path, _too_large(len(data), max_bytes))
    if not data.strip():
        raise SourceError(path, "empty file")
    text, encoding = _decode_bytes(path, data)
    if fmt != "html":  # a saved page's lines are markup: its extracted text is checked
        check_size(path, text, fmt)
    text = _normalise(text)
    meta = SourceMeta()
    if fmt == "md":
        text, meta = _split_front_matter(path, text)
    elif fmt == "html":
        text, meta = _extract_html(path, text)
        check_size(path, text, "txt")
    if not text.strip():
        raise SourceError(path, "no text left after reading the file")
    return RawArticle(
        path=path,
        text=text,
        meta=meta,
        fmt=fmt,
        encoding=encoding,
        digest=hashlib.sha256(data).hexdigest(),
    )


def check_size(path: PurePosixPath, text: str, fmt: str) -> None:
    """Refuse a text over a budget (`config.MAX_*`) before any work on it: a front matter,
    a line or a number of words no article needs, which would only hold the build."""
    body_from = 0
    if fmt == "md" and _FRONT_MATTER_START.match(text):
        end = _FRONT_MATTER_END.search(text, 3)
        size = (end.start() if end else len(text)) - 4
        if size > MAX_FRONT_MATTER_CHARS:
            raise SourceError(
                path,
                f"front matter too large ({size:,} characters; the limit is "
                f"{MAX_FRONT_MATTER_CHARS:,})",
                1,
            )
        body_from = end.end() if end else 0
    lines = text[body_from:].splitlines()
    longest = max(range(len(lines)), key=lambda index: len(lines[index]), default=0)
    if lines and len(lines[longest]) > MAX_PARAGRAPH_CHARS:
        raise SourceError(
            path,
            f"line too long ({len(lines[longest]):,} characters; the limit is "
            f"{MAX_PARAGRAPH_CHARS:,}): is the text missing its line breaks?",
            text.count("\n", 0, body_from) + longest + 1,
        )
    words = sum(1 for _word in _WORD_RUN.finditer(text, body_from))
    if words > MAX_WORDS:
        raise SourceError(path, f"text too long ({words:,} words; the limit is {MAX_WORDS:,})")


_FRONT_MATTER_START = re.compile(r"---[ \t]*\r?\n")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t\r]*$", re.M)
_WORD_RUN = re.compile(r"\S+")


def _decode_bytes(path: PurePosixPath, data: bytes) -> tuple[str, str]:
    """Text and the name of the encoding it was read with."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                raise SourceError(path, f"cannot decode the file as {name}") from None
    if b"\x00" in data or _control_ratio(data) > 0.05:
        raise SourceError(path, "binary data, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _detect(path, data)


def _control_ratio(data: bytes) -> float:
    sample = data[:65536]
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    return controls / max(len(sample), 1)


def _detect(path: PurePosixPath, data: bytes) -> tuple[str, str]:
    """Not UTF-8: let charset-normalizer pick a legacy encoding."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SourceError(path, "cannot decode the file (unknown text encoding)")
    encoding = best.encoding
    # Short Western texts are sometimes labelled with a sibling code page; when the
    # bytes read the same way as Windows-1252, prefer it (it is a superset of Latin-1
    # for printable text and by far the most common legacy encoding of news text).
    try:
        as_cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        as_cp1252 = None
    text = str(best)
    if as_cp1252 is not None and encoding not in ("cp1252", "windows_1252"):
        if as_cp1252 == text:  # a sibling code page that reads the same: name it cp1252
            return text, "cp1252"
        if _latin_page(encoding) and not _misread_central(as_cp1252):
            # Another Latin code page (cp1250, cp1257, hp_roman8…) that reads some bytes
            # as other letters (`Begońa`): short texts give the detector too little to
            # go on, and cp1252 is the one the README promises.
            return as_cp1252, "cp1252"
        if (
            _looks_western(as_cp1252)
            and not _looks_western(text)
            and not _misread_central(as_cp1252)
            and _mostly_ascii(text)
        ):
            return as_cp1252, "cp1252"
    return text, encoding


def _mostly_ascii(text: str) -> bool:
    """Fewer than a third of the letters outside ASCII: a Western text some of whose
    accented letters another page misread, not a text in another script (Cyrillic)."""
    letters = [char for char in text if char.isalpha()]
    return sum(not char.isascii() for char in letters) < len(letters) / 3


def _latin_page(encoding: str) -> bool:
    """Whether a code page is of the Latin script: most letters its bytes 0xC0-0xFF
    stand for are Latin (cp1250, cp1257, hp_roman8; not cp1251, koi8_r or shift_jis)."""
    try:
        probe = bytes(range(0xC0, 0x100)).decode(encoding, errors="replace")
    except LookupError:
        return False
    letters = [char for char in probe if char.isalpha()]
    latin = sum("LATIN" in unicodedata.name(char, "") for char in letters)
    return bool(letters) and latin >= 0.75 * len(letters)


_IN_WORD = re.compile(r"(?<=[^\W\d_])[^\x00-\x7f](?=[^\W\d_])")
_WORD_PUNCTUATION = frozenset("’‘´–—·\u00ad")
"""Non-letters that do stand inside words: apostrophes, dashes, the Catalan middle dot,
the soft hyphen."""


def _misread_central(text: str) -> bool:
    """Whether a cp1252 reading shows a Central European text read with the wrong page:
    a symbol inside a word (`wyj¹tkowo`, `³adna`, `mo¿na`, `aºa` for ą, ł, ż, ş)."""
    for match in _IN_WORD.finditer(text):
        char = match.group(0)
        if char in "ªº" or not (char.isalpha() or char in _WORD_PUNCTUATION):
            return True
    return False


_WESTERN = re.compile(r"[A-Za-z\u00c0-\u00ff\u2018-\u201d\u2013\u2014\u20ac]")


def _looks_western(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return False
    western = sum(1 for char in letters if _WESTERN.match(char))
    return western / len(letters) > 0.98


def _normalise(text: str) -> str:
    """Mojibake repair, ``\\n`` line ends, NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = ftfy.fix_text(text, config=_FTFY_CONFIG)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH_IN_LATIN.sub("", text)
    return unicodedata.normalize("NFC", text)


_LATIN_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_ZERO_WIDTH_IN_LATIN = re.compile(
    f"(?<=[{_LATIN_LETTER}])[\u200b-\u200d\u2060\ufeff]+|[\u200b-\u200d\u2060\ufeff]+(?=[{_LATIN_LETTER}])"
)
"""Zero-width spaces, joiners and non-joiners beside a Latin letter: invisible, they only
split a word (one person named two ways); elsewhere (emoji, Arabic, Indic scripts) they
shape the text and stay."""


# --------------------------------------------------------------------------- front matter

_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


def _split_front_matter(path: PurePosixPath, text: str) -> tuple[str, SourceMeta]:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return text, SourceMeta()
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        raise SourceError(path, "front matter is not closed (no second '---' line)", 1)
    block = "\n".join(lines[1:end])
    try:
        data = yaml.load(block, Loader=_FrontMatterLoader) if block.strip() else {}  # noqa: S506 - a SafeLoader
    except _TooDeep as error:
        raise SourceError(
            path,
            f"front matter nested too deeply (more than {MAX_FRONT_MATTER_DEPTH} levels)",
            error.line + 2,
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise SourceError(path, f"front matter is not valid YAML: {problem}", line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(path, "front matter must be a mapping of keys to values", 2)
    body = "\n".join(lines[end + 1 :])
    # Blank lines stand in for the front matter, so line numbers keep matching the file.
    body = "\n" * (end + 1) + body
    return body, _source_meta(path, data, lines[1:end])


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _FrontMatterLoader(yaml.SafeLoader):
    """`yaml.SafeLoader` that refuses nesting deeper than `MAX_FRONT_MATTER_DEPTH` before
    Python's recursion limit does (PyYAML composes nested nodes recursively)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_FRONT_MATTER_DEPTH:
                raise _TooDeep(self.peek_event().start_mark.line)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _key_line(key: str, lines: list[str]) -> int:
    for index, line in enumerate(lines):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            return index + 2
    return 1


def _source_meta(path: PurePosixPath, data: dict[Any, Any], lines: list[str]) -> SourceMeta:
    values: dict[str, Any] = {}
    for key in FRONT_MATTER_KEYS:
        if key not in data or data[key] is None:
            continue
        value = data[key]
        line = _key_line(key, lines)
        if key in ("date", "updated"):
            values[key] = _front_matter_date(path, key, value, line)
            continue
        if isinstance(value, (dict, list, tuple, set)):
            raise SourceError(path, f"front matter '{key}' must be a single value", line)
        text = " ".join(str(value).split())
        if not text:
            continue
        if key == "language":
            text = text.lower().replace("_", "-").split("-")[0]
        values[key] = text
    return SourceMeta(**values)


def _front_matter_date(path: PurePosixPath, key: str, value: Any, line: int) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    parsed = parse_date(str(value))
    if parsed is None:
        raise SourceError(path, f"front matter '{key}' is not a date: {value!r}", line)
    return parsed


# --------------------------------------------------------------------------- HTML


def _extract_html(path: PurePosixPath, html: str) -> tuple[str, SourceMeta]:
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html,
            output_format="python",
            include_formatting=True,
            include_comments=False,
            include_tables=False,
            favor_recall=True,
            with_metadata=True,
            date_extraction_params={
                "extensive_search": False,
                "original_date": True,
                "max_date": "2100-12-31",
            },
        )
    except Exception as error:  # trafilatura raises assorted errors on broken markup
        raise SourceError(path, f"cannot extract text from the HTML page ({error})") from None
    if document is None:
        raise SourceError(path, "no article text found in the HTML page")
    fields: dict[str, Any] = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    body = str(fields.get("text") or "")
    title = " ".join(str(fields.get("title") or "").split()) or None
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n|\n", body)]
    paragraphs = [part for part in paragraphs if part]
    if paragraphs and title and paragraphs[0].lstrip("# ").strip() == title:
        paragraphs = paragraphs[1:]
    elif paragraphs and paragraphs[0].startswith("# ") and not title:
        title = paragraphs.pop(0)[2:].strip() or None
    if not paragraphs:
        raise SourceError(path, "no article text found in the HTML page")
    text = "\n\n".join(([title] if title else []) + paragraphs) + "\n"
    date = parse_date(str(fields["date"])) if fields.get("date") else None
    language = str(fields.get("language") or "").lower()[:2] or None
    meta = SourceMeta(
        title=title,
        date=date,
        outlet=_clean_str(fields.get("sitename")),
        url=_clean_str(fields.get("url")),
        author=_clean_str(fields.get("author")),
        language=language,
    )
    return unicodedata.normalize("NFC", text), meta


def _clean_str(value: object) -> str | None:
    text = " ".join(str(value or "").split())
    return text or None
