"""The persistent embedded store (pyoxigraph) in DIR/store: opening it, loading a generation.

`DIR/store` is a symbolic link to a generation directory `DIR/store-{id}`.
A build loads a fresh generation and then swaps the link with os.replace,
which is atomic: a reader sees the old graph or the new one, and an
interrupted build leaves the old one in place. The generation before the
current one is kept, so a server that opened it before the swap can finish
reading; older ones are removed.

Queries should see the union of the named graphs (one per source page):
run them with `store.query(sparql, use_default_graph_as_union=True)`.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from tnkg.errors import StoreError

STORE_LINK = "store"


def open_store(out_dir: str | os.PathLike, *, read_only: bool = True) -> ox.Store:
    """The built graph's store, the one way every command and the server open it.

    StoreError when DIR holds no built graph or its store cannot be opened.
    Read-only stores can be open in many processes at once, also while a
    build writes the next generation.
    """
    path = Path(out_dir) / STORE_LINK
    if not path.is_dir():
        raise StoreError(f"no graph in {out_dir}: run `tnkg build` first")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as error:
        raise StoreError(f"cannot open the store in {path}: {error}") from None


def write_store(staging: Path, chunks: Iterable[bytes]) -> Path:
    """Bulk-load TriG documents, one after the other, into a new store generation beside
    the live one."""
    path = staging / f"{STORE_LINK}-{uuid.uuid4().hex[:12]}"
    store = ox.Store(str(path))
    for chunk in chunks:
        store.bulk_load(input=chunk, format=ox.RdfFormat.TRIG)
    store.flush()
    store.optimize()
    del store  # closes the database before the directory is moved
    return path


# TriG text per bulk load. Oxigraph's bulk loader holds its batch as owned quads (a million
# by default): one load of the 10,000-page graph (1.4 million quads) grew the process by
# 1.2 GB. Pieces of 12 MB (about 200,000 quads) load as fast and grow it by under 200 MB.
CHUNK_CHARS = 12 << 20


class _Abandoned(Exception):
    """The build no longer wants the store (it failed or was interrupted)."""


class StoreLoader:
    """`write_store` in a thread, fed page graph by page graph.

    The graph blocks gather into pieces of about `CHUNK_CHARS`, each a TriG
    document of its own (the prefixes first), which the thread bulk-loads one
    by one. Oxigraph releases the GIL while it parses and indexes, so the
    store loads while the build makes the next page graphs and writes its
    files. At most one piece waits for the thread, which bounds the memory
    when the build is faster than the load. A failed load is raised by the
    next `feed` or by `result()`.
    """

    def __init__(self, staging: Path) -> None:
        self.seconds = 0.0
        self._generation: Path | None = None
        self._error: BaseException | None = None
        self._header: str | None = None
        self._pending: list[str] = []
        self._pending_chars = 0
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=1)
        self._ended = False  # the end of the feed is queued
        self._drained = False  # the thread has taken the end of the feed
        self._abandoned = False
        self._thread = threading.Thread(
            target=self._run, args=(staging,), name="tnkg-store-load", daemon=True
        )
        self._thread.start()

    def _chunks(self) -> Iterator[bytes]:
        while True:
            chunk = self._queue.get()
            self._drained = chunk is None
            if self._abandoned:  # no flush and optimize of a store that is thrown away
                raise _Abandoned
            if chunk is None:
                return
            yield chunk

    def _run(self, staging: Path) -> None:
        started = time.perf_counter()
        try:
            self._generation = write_store(staging, self._chunks())
        except BaseException as error:  # handed to the build thread by feed() and result()
            self._error = error
            # take what is still fed, so that the build thread never waits on a full queue
            while not self._drained:
                self._drained = self._queue.get() is None
        self.seconds = round(time.perf_counter() - started, 3)

    def feed(self, text: str) -> None:
        """The next piece of the TriG text: the prefixes first, then whole graph blocks."""
        if self._error is not None:
            raise self._error
        if self._header is None:
            self._header = text
            return
        self._pending.append(text)
        self._pending_chars += len(text)
        if self._pending_chars >= CHUNK_CHARS:
            self._send()

    def _send(self) -> None:
        chunk = "".join((self._header or "", *self._pending)).encode("utf-8")
        self._pending.clear()
        self._pending_chars = 0
        self._queue.put(chunk)

    def end_feed(self) -> None:
        """No more graphs: the load finishes in its thread."""
        if self._ended:
            return
        self._ended = True
        if self._pending and self._error is None and not self._abandoned:
            self._send()
        self._queue.put(None)

    def close(self) -> None:
        """Stop the load (its store is not wanted) and wait for the thread to end."""
        self._abandoned = True
        self.end_feed()
        self._thread.join()

    def result(self) -> Path:
        """The loaded generation; the load's own error if it failed."""
        self.end_feed()
        self._thread.join()
        if self._error is not None:
            raise self._error
        return cast(Path, self._generation)  # set whenever no error was


def install_store(out_dir: Path, generation: Path) -> None:
    """Move a loaded generation into DIR and point DIR/store at it atomically. Done twice
    (a build killed half-way through it, finished by the next) it changes nothing more."""
    target = out_dir / generation.name
    if generation.is_dir():
        os.replace(generation, target)
    link = out_dir / STORE_LINK
    previous = os.readlink(link) if link.is_symlink() else None
    if previous != target.name:
        temp_link = out_dir / f".{STORE_LINK}-link-{uuid.uuid4().hex[:8]}"
        os.symlink(target.name, temp_link)
        os.replace(temp_link, link)
    keep = {target.name, previous}
    for old in out_dir.glob(f"{STORE_LINK}-*"):
        if old.name not in keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
