"""Arrows one way (issue 15): the import graph of store_app, read from the source with `ast` (no grep,
no import), has no cycle; `ui/` and `core/` import no domain package; no service module imports Reflex,
a state, a page or the API layer.

An import inside a function counts like one at the top: a lazy import hides a cycle, it does not break it.
Imports under `if TYPE_CHECKING:` do not run, so they are left out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import store_app

PACKAGE = "store_app"
ROOT = Path(store_app.__file__).parent
# Packages that are the shop's own subject matter; `core/`, `ui/` and `mail/` (sending, not deciding)
# serve them and must not reach back.
DOMAIN = ("accounts", "admin", "api", "audit", "cart", "catalog", "orders", "site", "ops")
PLUMBING = ("ui", "core")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in ROOT.rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            node.body = []  # what runs only for the type checker draws no arrow
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            yield prefix
            yield from (f"{prefix}.{alias.name}" for alias in node.names)


def import_graph() -> dict[str, set[str]]:
    """module -> the store_app modules it imports (a `from x import name` counts x, or x.name if a module)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found = set()
        for name in _imports(tree, module, path.name == "__init__.py"):
            if name == PACKAGE or name.startswith(PACKAGE + "."):
                # the longest known module the name starts with
                while name and name not in modules:
                    name = name.rpartition(".")[0]
                if name and name != module and name != PACKAGE:
                    found.add(name)
        graph[module] = found
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for child in sorted(graph.get(node, ())):
            if child not in index:
                visit(child)
                low[node] = min(low[node], low[child])
            elif child in on_stack:
                low[node] = min(low[node], index[child])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _area(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _is_service(module: str) -> bool:
    name = module.rsplit(".", 1)[-1]
    return "service" in name or ".rules." in f"{module}." or module.endswith(".rules")


def _is_door(module: str) -> bool:
    """A state, a page or the API layer: what a service must never import."""
    name = module.rsplit(".", 1)[-1]
    return (
        _area(module) == "api"
        or "state" in name
        or "page" in name
        or name in ("pages", "forms", "components", "navbar", "layout", "shell")
    )


def test_the_graph_is_read_from_the_source() -> None:
    graph = import_graph()
    assert "store_app.store_app" in graph and "store_app.ui.bridge" in graph
    assert "store_app.core.db" in graph["store_app.ui.bridge"]


def test_no_module_import_cycle() -> None:
    assert _cycles(import_graph()) == []


def test_ui_and_core_import_no_domain_package() -> None:
    wrong = sorted(
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        if _area(module) in PLUMBING
        for target in targets
        if _area(target) in DOMAIN
    )
    assert wrong == []


def test_no_service_imports_reflex_a_state_a_page_or_the_api() -> None:
    wrong = []
    graph = import_graph()  # read once: built per service module, it parsed the whole package each time (75 s)
    for module, path in sorted(_modules().items()):
        if not _is_service(module):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name in _imports(tree, module, path.name == "__init__.py"):
            if name == "reflex" or name.startswith("reflex."):
                wrong.append(f"{module} -> reflex")
        wrong.extend(f"{module} -> {target}" for target in graph[module] if _is_door(target))
    assert sorted(set(wrong)) == []
