"""One real OpenLink Virtuoso for the external-store tests, started once per test session.

`virtuoso-t +foreground` runs with a virtuoso.ini and database of its own in a temporary
folder, on free loopback ports; the fixture waits until its SPARQL endpoint answers and at
the end stops it by its process id (SIGTERM, then SIGKILL), leaving no process behind.
A fresh database has the administrator `dba` with password `dba`, who may write through
the Graph Store Protocol endpoint with Digest authentication (/sparql-graph-crud-auth).
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import SAMPLE_PAGES, gold_extract

from tnkg.build import build_graph
from tnkg.serve.launch import free_port, stop_process

VIRTUOSO = "virtuoso-t"
START_TIMEOUT = 120  # a new database takes some 20 s to create on a busy machine
INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 1
DirsAllowed = {dir}
CheckpointInterval = 0

[HTTPServer]
ServerPort = {http_port}
ServerRoot = {dir}
ServerThreads = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@dataclass(frozen=True)
class Virtuoso:
    sparql: str  # the SPARQL 1.1 Protocol endpoint
    graph_store: str  # the Graph Store Protocol endpoint that takes credentials
    user: str = "dba"
    password: str = "dba"


def answers(sparql: str) -> bool:
    url = sparql + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory) -> Virtuoso:
    executable = shutil.which(VIRTUOSO)
    if executable is None:
        pytest.skip("Debian's virtuoso-opensource is not installed (`make virtuoso` installs it)")
    folder: Path = tmp_path_factory.mktemp("virtuoso")
    http_port = free_port()
    (folder / "virtuoso.ini").write_text(
        INI.format(dir=folder, sql_port=free_port(), http_port=http_port), "utf-8")
    log = (folder / "console.log").open("w")
    process = subprocess.Popen(
        [executable, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
        cwd=folder, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not answers(base + "/sparql"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("virtuoso did not start:\n"
                                   + (folder / "console.log").read_text("utf-8")[-2000:])
            time.sleep(0.5)
        yield Virtuoso(base + "/sparql", base + "/sparql-graph-crud-auth")
    finally:
        stop_process(process)
        log.close()


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory) -> Path:
    """The five sample pages built from their gold records."""
    out = tmp_path_factory.mktemp("remote-sample")
    build_graph(SAMPLE_PAGES, out_dir=out, extract=gold_extract, jobs=1)
    return out
