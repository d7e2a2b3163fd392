"""Every example in a docstring of the package runs and gives what it shows.

The modules are imported by their installed names (`tnkg.extract.places`, not the folder
path), so each example runs against the module the program uses.
"""

from __future__ import annotations

import doctest
import importlib

import pytest
from test_architecture import MODULES

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("name", sorted(MODULES))
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in finder.find(module, name):
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.failed == 0, f"{results.failed} of {results.attempted} examples failed"
