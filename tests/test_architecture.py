"""The package's internals have a home: no private name crosses a module, no import cycle.

The test reads every module of ``sizeup_helpers`` with :mod:`ast` (nothing is imported):

- ``from .x import _y`` and ``x._y`` (``x`` a module of the package) are refused: a name
  shared between modules is public in the module that owns it;
- the graph of imports between the package's modules, function-level imports included
  and ``if TYPE_CHECKING:`` blocks left out, has no cycle;
- the runtime package imports nothing from the development tooling (``tools``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sizeup_helpers"


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules(root: Path) -> dict[str, Path]:
    return {_module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _walk(tree: ast.AST):
    """Every node of ``tree`` except those under ``if TYPE_CHECKING:``."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        todo.extend(child for child in ast.iter_child_nodes(node) if not _is_type_checking(child))


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if path.name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def analyse(root: Path) -> tuple[dict[str, set[str]], list[str]]:
    """The import graph between the package's modules, and the private-name breaches."""
    modules = _modules(root)
    package = root.name
    graph: dict[str, set[str]] = {m: set() for m in modules}
    breaches: list[str] = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases: dict[str, str] = {}  # local name -> module of the package
        where = path.relative_to(root.parent)
        for node in _walk(tree):
            if isinstance(node, ast.ImportFrom):
                target = _resolve(module, path, node)
                if target == "tools" or target.startswith("tools."):
                    breaches.append(f"{where}:{node.lineno} importe l'outillage « {target} »")
                if target != package and not target.startswith(package + "."):
                    continue
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    if sub in modules:
                        graph[module].add(sub)
                        aliases[alias.asname or alias.name] = sub
                        if _is_private(alias.name):
                            breaches.append(
                                f"{where}:{node.lineno} importe le module privé « {sub} »"
                            )
                    else:
                        if target in modules and target != module:
                            graph[module].add(target)
                        if _is_private(alias.name) and target != module:
                            breaches.append(
                                f"{where}:{node.lineno} importe le nom privé "
                                f"« {alias.name} » de « {target} »"
                            )
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "tools":
                        breaches.append(f"{where}:{node.lineno} importe l'outillage")
                    if alias.name in modules:
                        graph[module].add(alias.name)
                        if alias.asname:
                            aliases[alias.asname] = alias.name
        for node in _walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and _is_private(node.attr)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and aliases[node.value.id] != module
            ):
                breaches.append(
                    f"{where}:{node.lineno} utilise « {node.value.id}."
                    f"{node.attr} », nom privé de « {aliases[node.value.id]} »"
                )
    for module in graph:
        graph[module].discard(module)
    return graph, breaches


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_no_private_name_crosses_a_module():
    _, breaches = analyse(PACKAGE)
    assert not breaches, "\n".join(breaches)


def test_no_import_cycle_between_modules():
    graph, _ = analyse(PACKAGE)
    cycles = find_cycles(graph)
    assert not cycles, "\n".join(" → ".join(c) for c in cycles)


@pytest.fixture
def bad_package(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import _hidden\nfrom . import b\nx = b._other\n")
    (pkg / "b.py").write_text("def f():\n    from .a import x\n    return x\n")
    (pkg / "sub" / "__init__.py").write_text("from .part import thing\n")
    (pkg / "sub" / "part.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..a import _t\n"
        "from ..sub import thing2\nfrom tools.samplegen import base\n"
    )
    return pkg


def test_the_checks_can_fail(bad_package):
    graph, breaches = analyse(bad_package)
    assert breaches == [
        "pkg/a.py:1 importe le nom privé « _hidden » de « pkg.b »",
        "pkg/a.py:3 utilise « b._other », nom privé de « pkg.b »",
        "pkg/sub/part.py:5 importe l'outillage « tools.samplegen »",
    ]
    assert find_cycles(graph) == [["pkg.a", "pkg.b"], ["pkg.sub", "pkg.sub.part"]]


def _entry_modules() -> set[str]:
    """Modules that notebooks, exercise solutions, the `sizeup` command and the public
    names of ``sizeup_helpers`` start from."""
    import json
    import re

    entries = {"sizeup_helpers", "sizeup_helpers.cli"}
    init = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    lazy = init[init.index("_LAZY") : init.index("}", init.index("_LAZY"))]
    entries |= {f"sizeup_helpers.{m}" for m in re.findall(r':\s*"(\w+)"', lazy)}
    pattern = re.compile(r"(?:from|import)\s+(sizeup_helpers(?:\.\w+)*)")
    books = [*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "exercises").glob("*_sol_*.ipynb")]
    for book in books:
        for cell in json.loads(book.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"]) if cell["cell_type"] == "code" else ""
            entries |= set(pattern.findall(source))
    return entries


def test_every_module_is_run_by_a_notebook_or_the_command():
    """No module of the runtime package is left unused (generators live in tools/)."""
    graph, _ = analyse(PACKAGE)
    reached: set[str] = set()
    todo = [m for m in _entry_modules() if m in graph]
    while todo:
        module = todo.pop()
        if module not in reached:
            reached.add(module)
            todo.extend(graph[module])
            parts = module.split(".")  # a submodule's import runs its package's __init__
            todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
    unused = sorted(set(graph) - reached)
    assert not unused, f"modules que rien n'utilise : {unused}"


def test_architecture_page_names_every_module():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    top = sorted({name.split(".")[1] for name in _modules(PACKAGE) if name.count(".") >= 1})
    missing = [m for m in top if f"`{m}`" not in page]
    assert not missing, f"docs/architecture.md ne parle pas de : {missing}"
