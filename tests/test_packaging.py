"""pyproject.toml against the tree: every folder of code is a listed package, every package-data
pattern names files that exist, and an installed tnkg holds what it reads at run time."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from support import REPO

CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
SETUPTOOLS = CONFIG["tool"]["setuptools"]


def folder_of(package: str) -> Path:
    """The folder a package is installed from, by package-dir (the longest prefix mapped)."""
    mapped = max((p for p in SETUPTOOLS["package-dir"] if package == p or
                  package.startswith(p + ".")), key=len)
    rest = package[len(mapped):].lstrip(".").split(".") if package != mapped else []
    return REPO / SETUPTOOLS["package-dir"][mapped] / Path(*rest)


def test_every_folder_of_code_is_a_listed_package():
    listed = {folder_of(package) for package in SETUPTOOLS["packages"]}
    roots = {REPO / folder for folder in SETUPTOOLS["package-dir"].values()}
    code = {path.parent for root in roots for path in root.rglob("*.py")
            if "__pycache__" not in path.parts}
    assert not code - listed, f"folders of code not in [tool.setuptools] packages: {code - listed}"


@pytest.mark.parametrize("package", sorted(SETUPTOOLS["package-data"]))
def test_every_package_data_pattern_names_files(package):
    assert package in SETUPTOOLS["packages"]
    for pattern in SETUPTOOLS["package-data"][package]:
        assert [p for p in folder_of(package).glob(pattern) if p.is_file()], (package, pattern)


def test_every_extra_the_makefile_installs_is_declared():
    makefile = (REPO / "Makefile").read_text("utf-8")
    extras = CONFIG["project"]["optional-dependencies"]
    assert {"serve", "viz", "remote", "pandas", "bench", "dev"} <= set(extras)
    assert ".[serve,viz,remote]" in makefile and ".[dev]" in makefile
    (itself,) = [spec for spec in extras["dev"] if spec.startswith("tnkg[")]
    assert set(itself.removeprefix("tnkg[").removesuffix("]").split(",")) == {
        "serve", "viz", "remote", "pandas", "bench"}
