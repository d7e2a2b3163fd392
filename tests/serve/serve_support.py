"""Helpers of the serve tests: the sample store, a real `tnkg serve` process, HTTP exchanges.

A module of its own with a name no other test folder uses, so the test modules import it
by name; `from conftest import ...` would find whichever conftest.py pytest loaded last.
"""

from __future__ import annotations

import gc
import json
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib

from tnkg.serve import launch
from tnkg.serve.launch import free_port

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
TIMEOUT = 2.0
MAX_RESULTS = 50


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    text: str
    headers: dict


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
    """`tnkg serve` on the store in `out_dir`; its output goes to `process.log_path` (a pipe
    nobody reads would fill up and stall the server)."""
    port = free_port()
    log_path = out_dir.parent / f"serve-{port}.log"
    with log_path.open("w") as log:
        try:
            process, base = launch.start_server(out_dir, *extra, port=port, output=log)
        except RuntimeError as error:
            raise RuntimeError(f"{error}:\n{log_path.read_text()}") from None
    process.log_path = log_path
    return process, base


def stop_server(process: subprocess.Popen) -> int:
    return launch.stop_process(process)



def local_rows(dataset: rdflib.Dataset, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(value) for value in row) for row in dataset.query(query)}


def json_rows(text: str) -> set[tuple[str, ...]]:
    document = json.loads(text)
    names = document["head"]["vars"]
    return {tuple(binding[name]["value"] for name in names)
            for binding in document["results"]["bindings"]}
