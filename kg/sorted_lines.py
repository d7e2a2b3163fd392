"""A set of N-Triples lines bigger than memory: sorted runs spilled to files, read back merged.

graph.ttl holds every distinct statement of the build once, sorted. Held as one set of
strings until the end, that union grew with the pages (2.5 million statements took about
1 GB at 10,000 pages, more than any other part of the build). `SortedLines` keeps a
bounded batch in memory; a full batch is sorted and written to a run file, and the
lines come back as one sorted, de-duplicated stream merged from the runs
(`heapq.merge`), which the Turtle writer takes as it comes. No line holds a newline
(N-Triples escapes them), so a run is one line per statement.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

RUN_LINES = 250_000  # lines a run holds: about 60 MB of strings in memory before it is spilled
MAX_RUNS = 64  # runs merged into one before more are spilled: the merge keeps a file open each


class SortedLines:
    """Lines added in any order, given back once each, sorted (`__iter__`).

    The runs are files `{name}-{n}.run` in `directory` (the build's staging folder, which
    goes with the build however it ends).
    """

    def __init__(self, directory: Path, *, name: str) -> None:
        self._directory = directory
        self._name = name
        self._batch: set[str] = set()
        self._runs: list[Path] = []
        self._made = 0  # run files written, for their names

    def update(self, lines: Iterable[str]) -> None:
        self._batch.update(lines)
        if len(self._batch) >= RUN_LINES:
            self._spill()

    def _spill(self) -> None:
        if len(self._runs) >= MAX_RUNS:
            with ExitStack() as stack:
                merged = self._write_run(_unique(heapq.merge(*self._open_runs(stack))))
            for run in self._runs:
                run.unlink()
            self._runs = [merged]
        self._runs.append(self._write_run(sorted(self._batch)))
        self._batch = set()

    def _write_run(self, lines: Iterable[str]) -> Path:
        path = self._directory / f"{self._name}-{self._made}.run"
        self._made += 1
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            for line in lines:
                handle.write(line)
                handle.write("\n")
        return path

    def _open_runs(self, stack: ExitStack) -> list[Iterator[str]]:
        return [
            (line[:-1] for line in stack.enter_context(open(path, encoding="utf-8", newline="\n")))
            for path in self._runs
        ]

    def __iter__(self) -> Iterator[str]:
        """Every line added, once, in sorted order."""
        with ExitStack() as stack:
            yield from _unique(heapq.merge(*self._open_runs(stack), sorted(self._batch)))


def merge_unique(*parts: Iterable[str]) -> Iterator[str]:
    """The lines of sorted iterables, merged, each once."""
    return _unique(heapq.merge(*parts))


def _unique(lines: Iterable[str]) -> Iterator[str]:
    """Sorted lines without repeats."""
    previous = None
    for line in lines:
        if line != previous:
            yield line
            previous = line
