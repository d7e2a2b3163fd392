"""The persistent embedded store (pyoxigraph) in DIR/store, and the build lock.

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

import contextlib
import fcntl
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, cast

import pyoxigraph as ox

from tnkg.errors import BuildError

STORE_LINK = "store"
LOCK_FILE = ".lock"


def open_store(out_dir: str | os.PathLike, *, read_only: bool = True) -> ox.Store:
    """The built graph's store; BuildError when DIR holds no built graph.

    Read-only stores can be open in many processes at once, also while a
    build writes the next generation.
    """
    path = Path(out_dir) / STORE_LINK
    if not path.is_dir():
        raise BuildError(f"no graph in {out_dir}: run `tnkg build` first")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as error:
        raise BuildError(f"cannot open the store in {path}: {error}") from None


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Hold DIR/.lock for the whole build; a second build on DIR stops at once."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK_FILE, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"another `tnkg build` is writing {out_dir} (lock {out_dir / LOCK_FILE} is held):"
                " wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_store(staging: Path, source: BinaryIO) -> Path:
    """Bulk-load TriG read from `source` into a new store generation beside the live one."""
    path = staging / f"{STORE_LINK}-{uuid.uuid4().hex[:12]}"
    store = ox.Store(str(path))
    store.bulk_load(input=source, format=ox.RdfFormat.TRIG)
    store.flush()
    store.optimize()
    del store  # closes the database before the directory is moved
    return path


class StoreLoader:
    """`write_store` in a thread, fed page graph by page graph through a pipe.

    Oxigraph releases the GIL while it parses and indexes, so the store loads
    while the build makes the next page graphs and writes its files. A failed
    load closes the pipe; the next `feed` or `result()` raises its error.
    """

    def __init__(self, staging: Path) -> None:
        self.seconds = 0.0
        self._generation: Path | None = None
        self._error: BaseException | None = None
        read_end, write_end = os.pipe()
        self._sink = os.fdopen(write_end, "wb", buffering=1 << 20)
        source = os.fdopen(read_end, "rb")
        self._thread = threading.Thread(
            target=self._run, args=(staging, source), name="tnkg-store-load", daemon=True
        )
        self._thread.start()

    def _run(self, staging: Path, source: BinaryIO) -> None:
        started = time.perf_counter()
        try:
            with source:
                self._generation = write_store(staging, source)
        except BaseException as error:  # handed to the build thread by feed() and result()
            self._error = error
        self.seconds = round(time.perf_counter() - started, 3)

    def feed(self, text: str) -> None:
        """The next piece of the TriG text (prefixes first, then whole graph blocks)."""
        try:
            self._sink.write(text.encode("utf-8"))
        except BrokenPipeError:
            self.result()  # raises the loader's error
            raise

    def end_feed(self) -> None:
        """No more graphs: the load finishes in its thread."""
        if not self._sink.closed:
            with contextlib.suppress(BrokenPipeError):
                self._sink.close()

    def close(self) -> None:
        """End the feed and wait for the load to finish."""
        self.end_feed()
        self._thread.join()

    def result(self) -> Path:
        """The loaded generation; the load's own error if it failed."""
        self.close()
        if self._error is not None:
            raise self._error
        return cast(Path, self._generation)  # set whenever no error was


def install_store(out_dir: Path, generation: Path) -> None:
    """Move a loaded generation into DIR and point DIR/store at it atomically."""
    target = out_dir / generation.name
    os.replace(generation, target)
    link = out_dir / STORE_LINK
    previous = os.readlink(link) if link.is_symlink() else None
    temp_link = out_dir / f".{STORE_LINK}-link-{uuid.uuid4().hex[:8]}"
    os.symlink(target.name, temp_link)
    os.replace(temp_link, link)
    keep = {target.name, previous}
    for old in out_dir.glob(f"{STORE_LINK}-*"):
        if old.name not in keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
