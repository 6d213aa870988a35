"""The package's shape: the stages as folders, and no state kept between builds.

Two builds in one process (`mkdocs serve`) must not see each other: nothing a build
fills may live at module level. Module-level names bound to a mutable container are
constants (ALL_CAPS) that no code changes; memos of pure functions (`functools.cache`,
`lru_cache`) may stay, since their answers do not depend on any build. The incremental
engine's memos are objects a build makes and passes in (`site.listings.SiteMemo`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).parent
MUTABLE_CALLS = {"dict", "list", "set", "defaultdict", "Counter", "OrderedDict", "deque"}
MUTATORS = {
    "append",
    "add",
    "update",
    "clear",
    "pop",
    "popitem",
    "setdefault",
    "extend",
    "insert",
    "remove",
    "discard",
}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def is_mutable(value: ast.expr | None) -> bool:
    if isinstance(value, ast.Dict | ast.List | ast.Set | ast.DictComp | ast.ListComp | ast.SetComp):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        return name in MUTABLE_CALLS
    return False


def module_level_containers(tree: ast.Module) -> dict[str, int]:
    found: dict[str, int] = {}
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        else:
            continue
        if is_mutable(value):
            for target in targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.lineno
    return found


def test_the_stages_are_folders_the_pipeline_names() -> None:
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert folders == [
        "extract",
        "incremental",
        "lexicons",
        "output",
        "site",
        "sources",
        "stories",
    ]
    pipeline = (PACKAGE / "pipeline.py").read_text(encoding="utf-8")
    build = pipeline[pipeline.index("def build(") :]
    order = [build.index(call) for call in ("read_all(", "extract_all(", "group_all(")]
    order += [build.index(call) for call in ("compare_all(", "render_all(")]
    assert order == sorted(order)  # the orchestrator reads top to bottom


def state_problems(name: str, source: str) -> list[str]:
    """Where module `name` keeps state: `global`, a module-level container with a
    lowercase name, or code that changes a module-level container."""
    problems = []
    tree = ast.parse(source)
    containers = module_level_containers(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            problems.append(f"{name}:{node.lineno}: global {', '.join(node.names)}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in containers
            and node.func.attr in MUTATORS
        ):
            problems.append(f"{name}:{node.lineno}: changes {node.func.value.id}")
        if isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            for target in targets:
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and target.value.id in containers
                ):
                    problems.append(f"{name}:{node.lineno}: changes {target.value.id}")
    for variable, line in containers.items():
        if variable != variable.upper() and variable != "__all__":
            problems.append(f"{name}:{line}: module-level container {variable}")
    return problems


def test_no_module_keeps_state_between_builds() -> None:
    problems = []
    for path in modules():
        problems += state_problems(str(path.relative_to(PACKAGE)), path.read_text(encoding="utf-8"))
    assert problems == []


def test_the_structure_check_finds_state() -> None:
    """The check above, on code that keeps state, finds it (a check that cannot fail is no
    check)."""
    source = "_seen = {}\nKNOWN = []\ndef f(x):\n    global _seen\n    KNOWN.append(x)\n"
    assert state_problems("m.py", source) == [
        "m.py:4: global _seen",
        "m.py:5: changes KNOWN",
        "m.py:1: module-level container _seen",
    ]
    assert state_problems("m.py", "KNOWN = {'a': 1}\ndef f(x):\n    return KNOWN[x]\n") == []
