"""The server under load, and how it stops."""

from __future__ import annotations

import gc
import json
import os
import signal
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import psutil
import pyoxigraph as ox
import pytest
from serve_support import fetch, get_query, json_rows, start_server, stop_server, write_store

CLIENTS = 8
QUERIES_PER_CLIENT = 40
QUERIES = [
    ("SELECT DISTINCT ?c ?n WHERE { ?c a <https://schema.org/Country> ; "
     "<https://schema.org/name> ?n }", "application/sparql-results+json"),
    ("ASK { ?c <https://w3id.org/tnkg/ontology#iso3166Code> \"DE\" }", "text/csv"),
    ("CONSTRUCT WHERE { ?c a <https://schema.org/Country> }", "text/turtle"),
    ("SELECT ?t WHERE { ?p <http://purl.org/dc/terms/title> ?t }", "text/tab-separated-values"),
]


def test_eight_parallel_clients_all_get_200_and_the_server_lives_on(server):
    def client(number: int) -> list[int]:
        statuses = []
        for i in range(QUERIES_PER_CLIENT):
            query, accept = QUERIES[(number + i) % len(QUERIES)]
            statuses.append(get_query(server, query, accept).status)
        return statuses

    with ThreadPoolExecutor(CLIENTS) as pool:
        statuses = [status for part in pool.map(client, range(CLIENTS)) for status in part]
    assert len(statuses) == CLIENTS * QUERIES_PER_CLIENT == 320
    assert set(statuses) == {200}
    assert json.loads(fetch(f"{server}/health").text)["status"] == "ok"
    assert len(json_rows(get_query(server, QUERIES[0][0]).text)) == 3


def _port_is_free(port: int) -> bool:
    """Whether a new server could listen on the port (as `tnkg serve` would, with
    SO_REUSEADDR, so closed connections in TIME_WAIT do not count)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen()
        except OSError:
            return False
    return True


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_the_server_cleanly(out_dir, stop_signal):
    process, base = start_server(out_dir)
    port = int(base.rsplit(":", 1)[1])
    workers = psutil.Process(process.pid).children(recursive=True)
    assert len(workers) >= 2  # the query worker processes
    assert get_query(base, "ASK { ?s ?p ?o }").status == 200
    process.send_signal(stop_signal)
    assert stop_server(process) == 0
    log = process.log_path.read_text()
    assert "Application shutdown complete" in log
    assert "Traceback" not in log
    assert _port_is_free(port)
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []


def test_stopping_during_a_runaway_query_is_still_clean(out_dir):
    process, base = start_server(out_dir, "--timeout", "60")
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(get_query, base, "SELECT (COUNT(*) AS ?n) WHERE "
                              "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?q ?r }")
        time.sleep(1)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert stop_server(process) == 0
        assert time.monotonic() - started < 15
        answer = pending.result(timeout=5)
    assert answer.status == 503
    assert "stopping" in answer.text
    assert "Traceback" not in process.log_path.read_text()


def test_missing_store_is_a_one_line_error(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "tnkg.cli", "serve", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == f"tnkg serve: no graph in {tmp_path}: run `tnkg build` first"


def test_port_in_use_is_a_one_line_error(out_dir):
    import subprocess
    import sys

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "tnkg.cli", "serve", "--out", str(out_dir),
                               "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == (f"tnkg serve: cannot listen on 127.0.0.1:{port}: "
                                   "Address already in use")


def test_a_new_build_is_answered_from_without_a_restart(tmp_path):
    from starlette.testclient import TestClient

    from tnkg.serve.app import ServeConfig, create_app

    def install(generation: str, extra: str) -> None:
        # the way `tnkg build` publishes a store: a new generation, then the link swapped
        (tmp_path / generation).mkdir()
        write_store(tmp_path / generation)
        if extra:
            store = ox.Store(str(tmp_path / generation / "store"))
            store.update(f"INSERT DATA {{ {extra} }}")
            del store
            gc.collect()
        link = tmp_path / f"link-{generation}"
        link.symlink_to(tmp_path / generation / "store")
        os.replace(link, tmp_path / "store")

    ask = {"query": 'ASK { ?s ?p "second build" }'}
    install("gen1", "")
    with TestClient(create_app(ServeConfig(out_dir=tmp_path, workers=1))) as client:
        before = client.get("/sparql", params=ask).json()["boolean"]
        install("gen2", '<http://x/s> <http://x/p> "second build"')
        after = client.get("/sparql", params=ask).json()["boolean"]
    assert (before, after) == (False, True)
