"""Helpers of the serve tests: the sample store, a real `tnkg serve` process, HTTP exchanges.

A module of its own with a name no other test folder uses, so the test modules import it
by name; `from conftest import ...` would find whichever conftest.py pytest loaded last.
"""

from __future__ import annotations

import gc
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
TIMEOUT = 2.0
MAX_RESULTS = 50


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    text: str
    headers: dict


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, *, data: bytes | None = None, headers: dict | None = None,
          method: str | None = None, timeout: float = 30) -> Answer:
    """One HTTP exchange; error statuses come back as answers, not exceptions."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body, status, info = response.read(), response.status, response.headers
    except urllib.error.HTTPError as error:
        body, status, info = error.read(), error.code, error.headers
    return Answer(status, info.get("content-type", ""), body.decode("utf-8"), dict(info))


def get_query(base: str, query: str, accept: str = "", **params: str) -> Answer:
    url = f"{base}/sparql?" + urllib.parse.urlencode({"query": query, **params})
    return fetch(url, headers={"Accept": accept} if accept else {})


def write_store(out_dir: Path) -> Path:
    store_dir = out_dir / "store"
    store = ox.Store(str(store_dir))
    store.load(path=str(SAMPLE), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    gc.collect()  # the writer must be gone before read-only readers open the files
    return out_dir


def start_server(out_dir: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    # The log goes to a file: a pipe nobody reads would fill up and stall the server.
    log = (out_dir.parent / f"serve-{port}.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tnkg.cli", "serve", "--out", str(out_dir), "--port", str(port),
         *extra],
        stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    process.log_path = Path(log.name)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"tnkg serve exited early:\n{process.log_path.read_text()}")
        try:
            if fetch(f"{base}/health", timeout=2).status == 200:
                return process, base
        except OSError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("tnkg serve did not answer /health within 60 s")


def stop_server(process: subprocess.Popen) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()



def local_rows(dataset: rdflib.Dataset, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(value) for value in row) for row in dataset.query(query)}


def json_rows(text: str) -> set[tuple[str, ...]]:
    document = json.loads(text)
    names = document["head"]["vars"]
    return {tuple(binding[name]["value"] for name in names)
            for binding in document["results"]["bindings"]}
