"""The package's layers: which module may import which.

Numerics (activations and their derivatives) never import matplotlib and
import only downwards; across the whole package no module imports, at any
depth (a function's own import counts), one that imports it back, nor
another module's private names.
"""

from __future__ import annotations

from pathlib import Path

import tanhplot

PACKAGE = Path(tanhplot.__file__).parent
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py"))


def package_imports(module: str) -> list[tuple[str, list[str]]]:
    """(module, names) for each ``from .module import names`` and
    ``from . import module`` in tanhplot/<module>.py, at any depth."""
    import ast
    from pathlib import Path

    source = Path(tanhplot.__file__).with_name(f"{module}.py").read_text()
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names = [alias.name for alias in node.names]
            if node.module is None:
                found.extend((name, []) for name in names)
            else:
                found.append((node.module, names))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            found.extend((f"<{m}>", []) for m in modules)
    return found


NUMERICS = ("errors", "lazy", "core", "zoo", "activations", "expressions")


def test_numerics_layers_import_downwards_only() -> None:
    """errors < lazy < core < zoo < activations < expressions: no module
    imports one above it (no circle), nor another module's private names,
    nor matplotlib."""
    for rank, module in enumerate(NUMERICS):
        for imported, names in package_imports(module):
            assert "matplotlib" not in imported, (module, imported)
            if imported.startswith("<"):
                continue
            assert imported in NUMERICS[:rank], f"{module} imports {imported}"
            private = [n for n in names if n.startswith("_")]
            assert not private, f"{module} imports private {private} from {imported}"


def _graph() -> dict[str, set[str]]:
    return {
        module: {
            imported.split(".")[0]
            for imported, _ in package_imports(module)
            if not imported.startswith("<") and imported.split(".")[0] in MODULES
        }
        - {module}
        for module in MODULES
    }


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle of *graph* (module -> modules it imports), each
    once, starting at its alphabetically first module."""
    found: list[list[str]] = []

    def walk(start: str, module: str, path: list[str]) -> None:
        for imported in sorted(graph[module]):
            if imported == start:
                found.append(path)
            elif imported > start and imported not in path:
                walk(start, imported, [*path, imported])

    for module in sorted(graph):
        walk(module, module, [module])
    return found


def test_no_import_circles() -> None:
    assert circles(_graph()) == []


def test_circle_check_finds_a_circle() -> None:
    graph = _graph()
    graph["spec"] = graph["spec"] | {"figures"}  # figures imports spec
    assert ["figures", "spec"] in circles(graph)


def test_no_module_imports_private_names() -> None:
    for module in MODULES:
        for imported, names in package_imports(module):
            private = [n for n in names if n.startswith("_")]
            assert not private, f"{module} imports private {private} from {imported}"
