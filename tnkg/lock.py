"""DIR/.lock: one `tnkg build` writes a folder at a time, and a dead one never blocks it.

The lock is an flock on DIR/.lock that the build holds while it runs; the kernel lets go
of it when the build's process ends, however it ends. The file also names its holder
(process id and start time), because an flock belongs to an open file, not to a process:
processes that inherited the open file (extraction workers of an older tnkg, forked
while their build held the lock, and orphaned when it was killed) keep it held. A build
that finds the lock held by a holder that has ended takes it over: it puts a new
DIR/.lock in place (the orphans keep theirs, which no longer has a name), locks that, and
says so in one line.

This build's own workers do not keep the lock: a forked child drops its copy of the open
file at once (`os.register_at_fork`), and the workers end with their build
(tnkg.extract.pipeline).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from tnkg.errors import BuildError

LOCK_FILE = ".lock"
_TAKEOVER_ATTEMPTS = 3

# descriptors of the locks this process holds, dropped in a forked child
_held: set[int] = set()


def _drop_held_locks_in_child() -> None:
    # dup2 of /dev/null over the descriptor lets go of the locked open file while the number
    # stays valid, so the child's copy of the Python file object can still close it
    if not _held:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    for fd in _held:
        with contextlib.suppress(OSError):
            os.dup2(null, fd)
    os.close(null)
    _held.clear()


os.register_at_fork(after_in_child=_drop_held_locks_in_child)


def _process_start(pid: int) -> str | None:
    """When process `pid` started (clock ticks since boot, /proc/PID/stat), or None when
    there is no such process or no /proc; with the id it names one process, never a later
    one that got the same id."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def _holder_text() -> str:
    pid = os.getpid()
    return f"{pid} {_process_start(pid) or '-'}\n"


def _holder_alive(text: str, path: Path) -> tuple[int | None, bool]:
    """(the holder's process id, whether it still runs) from the lock file's text; an older
    tnkg wrote no text, and then /proc/locks names the process that took the flock."""
    match = re.fullmatch(r"(\d+) (\d+|-)\s*", text)
    if match is None:
        pid = _flock_owner(path)
        if pid is None:
            return None, True  # nothing tells who holds it: assume a build still runs
        return pid, _process_start(pid) is not None or _signalable(pid)
    pid, started = int(match.group(1)), match.group(2)
    now = _process_start(pid)
    if now is None and not Path("/proc/self/stat").exists():
        return pid, _signalable(pid)
    return pid, now is not None and (started == "-" or now == started)


def _signalable(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _flock_owner(path: Path) -> int | None:
    try:
        inode = path.stat().st_ino
        with open("/proc/locks") as locks:
            for line in locks:
                fields = line.split()
                if len(fields) > 5 and fields[1] == "FLOCK" and fields[5].endswith(f":{inode}"):
                    return int(fields[4])
    except (OSError, ValueError):
        pass
    return None


def _replace_lock_file(path: Path) -> None:
    fd, temp = tempfile.mkstemp(prefix=".lock-", dir=path.parent)
    os.close(fd)
    os.replace(temp, path)


@contextlib.contextmanager
def build_lock(out_dir: Path, *, notice: Callable[[str], None] = lambda line: None
               ) -> Iterator[None]:
    """Hold DIR/.lock for the whole build; a second build on DIR stops at once with a
    BuildError. A lock whose holder has ended is taken over, and `notice` gets one line."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / LOCK_FILE
    for _ in range(_TAKEOVER_ATTEMPTS):
        handle = open(path, "a+b")  # noqa: SIM115 (closed below, or after the build)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            text = handle.read(200).decode("ascii", "replace")
            handle.close()
            pid, alive = _holder_alive(text, path)
            if alive:
                raise BuildError(
                    f"another `tnkg build` is writing {out_dir} (lock {path} is held"
                    + (f" by process {pid}" if pid else "") + "): wait for it to finish"
                ) from None
            _replace_lock_file(path)
            notice(f"took over {path}: the build that held it (process {pid}) has ended")
            continue
        if os.fstat(handle.fileno()).st_ino != _inode(path):  # another build took it over
            handle.close()
            continue
        break
    else:
        raise BuildError(f"cannot take the lock {path}: other builds keep replacing it")
    try:
        handle.truncate(0)
        handle.write(_holder_text().encode("ascii"))
        handle.flush()
        _held.add(handle.fileno())
        yield
    finally:
        _held.discard(handle.fileno())
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None
