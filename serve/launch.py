"""A server as a child process: started on a free port and waited for until it answers,
stopped by its process id so that nothing is left behind.

The tests, the docs' examples and the benchmarks start `tnkg serve` (and Virtuoso) with it;
a notebook can too.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO


def free_port() -> int:
    """A TCP port nothing listens on now (the OS's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str, timeout: float = 2) -> bool:
    """Whether `url` gives an HTTP answer, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def wait_until_answers(process: subprocess.Popen, url: str, timeout: float, what: str) -> None:
    """Return once `url` answers; RuntimeError if `process` ends first or `timeout` passes
    (the process is stopped then)."""
    deadline = time.monotonic() + timeout
    while not answers(url):
        if process.poll() is not None:
            raise RuntimeError(f"{what} ended before answering (exit {process.returncode})")
        if time.monotonic() > deadline:
            stop_process(process)
            raise RuntimeError(f"{what} did not answer {url} within {timeout:.0f} s")
        time.sleep(0.2)


def start_server(
    out_dir: str | Path, *extra: str, port: int | None = None, output: IO | int | None = None,
    timeout: float = 60,
) -> tuple[subprocess.Popen, str]:
    """`tnkg serve --out OUT_DIR EXTRA...` on `port` (a free one by default), its output to
    `output` (a file, or discarded); returns the process and the base URL once /health
    answers."""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tnkg.cli", "serve", "--out", str(out_dir), "--port", str(port),
         *extra],
        stdout=output if output is not None else subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_answers(process, f"{base}/health", timeout, "tnkg serve")
    return process, base


def stop_process(
    process: subprocess.Popen, signum: int = signal.SIGTERM, timeout: float = 30
) -> int:
    """Stop `process` by its id: `signum`, then SIGKILL past `timeout`; its exit status."""
    if process.poll() is None:
        process.send_signal(signum)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()
