"""The rooms and their order: each layer imports only from the layers before it.

`extract ← kg ← queries ← serve, viz ← cli`, with the build's orchestration (tnkg.build,
tnkg.records) above kg, and tnkg.errors and tnkg.files usable everywhere. Every import
statement of the package counts, also one inside a function: importing upwards there to
dodge a cycle is what this test forbids.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from support import REPO

# folder of the repository -> package it installs as (pyproject.toml's package-dir)
FOLDERS = {
    "tnkg": "tnkg", "extract": "tnkg.extract", "kg": "tnkg.kg", "ontology": "tnkg.ontology",
    "queries": "tnkg.queries", "serve": "tnkg.serve", "viz": "tnkg.viz",
}
# (module prefix, layer, group): a module may import a lower layer or its own group
LAYERS = [
    ("tnkg.errors", 0, "base"), ("tnkg.files", 0, "base"),
    ("tnkg.extract", 1, "extract"),
    ("tnkg.kg", 2, "kg"), ("tnkg.ontology", 2, "kg"),
    ("tnkg.queries", 3, "queries"),
    ("tnkg.build", 3, "build"), ("tnkg.records", 3, "build"), ("tnkg.outputs", 3, "build"),
    ("tnkg.lock", 3, "build"), ("tnkg.graph_stream", 3, "build"),
    ("tnkg.serve", 4, "serve"), ("tnkg.viz", 4, "viz"),
    ("tnkg.cli", 5, "cli"), ("tnkg.commands", 5, "cli"), ("tnkg.notebook", 5, "cli"),
    ("tnkg", 0, "base"),  # the package itself: its version
]
# the one import that reaches up: `tnkg.open` in the package itself hands a notebook the API
# that sits on every layer, imported inside the function so that `import tnkg` stays light
ENTRY_POINTS = {("tnkg", "tnkg.notebook")}


def layer_of(module: str) -> tuple[int, str]:
    for prefix, layer, group in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return layer, group
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


def modules() -> dict[str, Path]:
    found = {}
    for folder, package in FOLDERS.items():
        for path in sorted((REPO / folder).rglob("*.py")):
            parts = path.relative_to(REPO / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            if folder == "tnkg" and parts and parts[0] in FOLDERS.values():
                continue
            found[".".join((package, *parts))] = path
    return found


MODULES = modules()


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of a tnkg module in the file, anywhere in it."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("tnkg")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tnkg"):
            assert node.level == 0
            for alias in node.names:  # `from tnkg.extract import registers` imports a module
                sub = f"{node.module}.{alias.name}"
                found.append((node.lineno, sub if sub in MODULES else node.module))
    return found


def test_every_module_belongs_to_a_layer():
    assert len(MODULES) > 40
    for module in MODULES:
        layer_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_only_down_the_layers(module):
    layer, group = layer_of(module)
    wrong = []
    for line, target in imports(MODULES[module]):
        target_layer, target_group = layer_of(target)
        if (module, target) in ENTRY_POINTS:
            continue
        if target_group != group and target_layer >= layer:
            wrong.append(f"line {line}: {target} ({target_group})")
    assert not wrong, f"{module} ({group}) imports upwards or sideways: {wrong}"


# what the stages after extraction may read of it: the record, the registers, the
# vocabulary and the keys, never the parsers or the places finder
EXTRACT_INTERFACE = {"tnkg.extract.record", "tnkg.extract.registers", "tnkg.extract.vocabulary",
                     "tnkg.extract.keys"}


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m)[1] in
                                          ("kg", "queries", "serve", "viz")))
def test_stages_after_extraction_read_only_its_interface(module):
    reached = {target for _, target in imports(MODULES[module])
               if layer_of(target)[1] == "extract"}
    assert reached <= EXTRACT_INTERFACE, f"{module} reaches into {reached - EXTRACT_INTERFACE}"
