"""The build's outputs: written in a staging folder inside DIR, then swapped in as one step.

Every output (the store generation, graph.ttl, graph.trig, records.json, report.json,
graph.html, the list of inputs) is written into `DIR/.staging-*` first. The swap
then moves each into place with os.replace and removes what earlier runs wrote
from the graph that this one replaces (the files of `tnkg analyze`, a graph.html
not rewritten): after the swap nothing in DIR describes an older graph.

The swap is journaled: before its first move it writes its plan (`swap.json`,
atomically) into the staging folder. A build killed in the middle of the swap
(SIGKILL, a power cut) leaves the plan, and the next build, holding the lock,
carries the rest of it out before anything else (`recover`), so DIR never stays
half old, half new. A staging folder without a plan is a build that never got
to its swap, and is removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from tnkg.files import write_atomic
from tnkg.kg.store import STORE_LINK, install_store

STAGING_PREFIX = ".staging-"
JOURNAL = "swap.json"


def make_staging(out_dir: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))


def recover(out_dir: Path) -> list[str]:
    """Finish the swap a killed build began, and remove what builds that never got to their
    swap left. The caller holds DIR's lock. The names of the outputs a finished swap moved
    in are returned (for a notice)."""
    finished: list[str] = []
    for staging in sorted(out_dir.glob(f"{STAGING_PREFIX}*")):
        plan = _read_plan(staging)
        if plan is not None:
            _carry_out(out_dir, staging, plan)
            finished += plan["moves"]
        shutil.rmtree(staging, ignore_errors=True)
    return finished


def swap_in(
    out_dir: Path, staging: Path, *, generation: Path, moves: Iterable[str],
    removals: Iterable[str],
) -> None:
    """Move the store `generation` and the files `moves` (names in `staging`) into DIR and
    remove the files `removals` of DIR, as one step: Ctrl-C and SIGTERM wait until it is
    done, and after a SIGKILL the next build finishes it (`recover`)."""
    plan = {"generation": generation.name, "moves": list(moves), "removals": list(removals)}
    with _interrupts_deferred():
        write_atomic(staging / JOURNAL, json.dumps(plan).encode())
        _carry_out(out_dir, staging, plan)
        (staging / JOURNAL).unlink()


def _read_plan(staging: Path) -> dict | None:
    try:
        plan = json.loads((staging / JOURNAL).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return plan if isinstance(plan, dict) else None


def _carry_out(out_dir: Path, staging: Path, plan: dict) -> None:
    """Each step of a plan, done or not done yet: carrying it out twice is no harm."""
    install_store(out_dir, staging / plan["generation"])
    for name in plan["moves"]:
        if (staging / name).exists():
            (out_dir / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, out_dir / name)
    for name in plan["removals"]:
        target = out_dir / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()


def has_graph(out_dir: Path) -> bool:
    return (out_dir / STORE_LINK).is_dir()


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while the outputs are swapped in, and deliver them after.

    An interrupt then lands before the swap (the previous build stays) or after it (the new
    one is whole), never between the store and graph.ttl. Python runs signal handlers in
    the main thread only, so elsewhere there is nothing to hold.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, lambda n, _: received.append(n)) for signum in held}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if received:
            signal.raise_signal(received[0])
