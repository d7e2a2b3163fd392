"""The one atomic write: an output appears whole or not at all, never half-written.

Every file tnkg writes goes through `atomic_writer` (or `write_atomic`): the
build's outputs and cache, exports, analysis files, pages and extracted records.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_writer(path: Path, *, durable: bool = True, text: bool = False) -> Iterator[IO]:
    """A file that appears at `path` only when the block ends without error: binary, or
    with `text` UTF-8 text (newlines written as given).

    The temporary file sits beside the target (same file system), is fsynced
    unless `durable` is false, and replaces the target with os.replace, which
    is atomic on POSIX.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temp_name, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for reading
        opened = os.fdopen(handle, "w", encoding="utf-8", newline="") if text else os.fdopen(
            handle, "wb"
        )
        with opened as out:
            yield out
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write bytes to `path` atomically (and fsynced when `durable`)."""
    with atomic_writer(path, durable=durable) as out:
        out.write(data)


class Spool:
    """Pieces of one output, spooled to a file as they come in any order, and copied out
    in the order wanted at the end: memory holds where each piece is, not the pieces."""

    def __init__(self, path: Path) -> None:
        self._file = open(path, "w+b")  # noqa: SIM115 (closed by close())
        self._spans: dict[str, tuple[int, int]] = {}
        self._size = 0

    def add(self, key: str, data: bytes) -> None:
        self._file.write(data)
        self._spans[key] = (self._size, len(data))
        self._size += len(data)

    def __contains__(self, key: str) -> bool:
        return key in self._spans

    def read(self, key: str) -> bytes:
        self._file.flush()
        start, size = self._spans[key]
        return os.pread(self._file.fileno(), size, start)

    def copy(self, keys: Iterable[str], out: IO[bytes]) -> None:
        """Write the pieces of `keys` to `out`, in that order."""
        for key in keys:
            out.write(self.read(key))

    def close(self) -> None:
        self._file.close()
