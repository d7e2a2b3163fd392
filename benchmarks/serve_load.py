"""`tnkg serve` under load: do cheap queries wait behind runaway ones?

The scenario of issue 17: 64 clients send 240 cheap queries and 16 runaway ones (a cross
product that no time limit lets finish) to a server with `--timeout 3` and two workers.
Each run starts `tnkg serve` on a free loopback port, checks every answer (a cheap query
must give the rows it gives alone, a runaway one the time-limit answer, a 429 is retried
after its Retry-After), stops the server by its process id, and reports the cheap
queries' latencies. It runs twice, with the short-query lanes (the default) and with
`--lanes 0`, the pool as it was, so the table says what the lanes change.

    python -m benchmarks.serve_load [--out DIR] [--json FILE] [--doc docs/serve.md]

Without --out the bundled sample is built into a temporary folder first.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.report import write_into_doc
from tnkg.serve.launch import start_server, stop_process

BEGIN, END = "<!-- load-table:begin -->", "<!-- load-table:end -->"
CHEAP = ("PREFIX schema: <https://schema.org/> PREFIX tnkg: <https://w3id.org/tnkg/ontology#> "
         "SELECT ?name ?code WHERE { ?c a schema:Country ; schema:name ?name ; "
         "tnkg:iso3166Code ?code } ORDER BY ?code")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
JSON = "application/sparql-results+json"


def ask(base: str, query: str, timeout: float = 60) -> tuple[int, bytes, dict]:
    url = f"{base}/sparql?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": JSON})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def _rows(body: bytes) -> list:
    return json.loads(body)["results"]["bindings"]


def load_run(out: Path, *, clients: int, cheap: int, runaway: int, timeout: float,
             lanes: int | None, seed: int = 7) -> dict:
    """One server, one burst of queries; latencies and answers."""
    extra = ["--timeout", str(timeout), "--workers", "2"]
    if lanes is not None:
        extra += ["--lanes", str(lanes)]
    process, base = start_server(out, *extra, timeout=120)
    try:
        status, body, _ = ask(base, CHEAP)
        expected = _rows(body)
        jobs = ["runaway"] * runaway + ["cheap"] * cheap
        random.Random(seed).shuffle(jobs)
        lock = threading.Lock()
        results: list[tuple[str, float, bool]] = []
        retries = [0]

        def client() -> None:
            while True:
                with lock:
                    if not jobs:
                        return
                    kind = jobs.pop()
                started = time.perf_counter()
                while True:
                    status, body, headers = ask(base, CHEAP if kind == "cheap" else RUNAWAY)
                    if status != 429:
                        break
                    with lock:
                        retries[0] += 1
                    time.sleep(float(headers.get("Retry-After", "1")))
                seconds = time.perf_counter() - started
                correct = (status == 200 and _rows(body) == expected) if kind == "cheap" \
                    else status == 503
                with lock:
                    results.append((kind, seconds, correct))

        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        stop_process(process)
    cheap_s = sorted(s for kind, s, _ in results if kind == "cheap")
    return {
        "lanes": lanes,
        "clients": clients, "cheap": cheap, "runaway": runaway, "timeout": timeout,
        "answered": len(results), "correct": sum(ok for _, _, ok in results),
        "retried_429": retries[0],
        "cheap_median_s": round(statistics.median(cheap_s), 3),
        "cheap_p95_s": round(cheap_s[int(0.95 * (len(cheap_s) - 1))], 3),
        "cheap_max_s": round(cheap_s[-1], 3),
        "wall_s": round(wall, 2),
    }


def render(results: list[dict]) -> str:
    lines = ["| pool | answered correctly | cheap: median | p95 | max | all done in |",
             "|---|---|---|---|---|---|"]
    for r in results:
        pool = "2 workers, no lanes (`--lanes 0`)" if r["lanes"] == 0 else \
            "2 workers + short-query lanes (default)"
        lines.append(f"| {pool} | {r['correct']} of {r['cheap'] + r['runaway']} | "
                     f"{r['cheap_median_s']:.2f} s | {r['cheap_p95_s']:.2f} s | "
                     f"{r['cheap_max_s']:.2f} s | {r['wall_s']:.1f} s |")
    first = results[0]
    lines.append("")
    lines.append(f"{first['clients']} clients, {first['cheap']} cheap queries and "
                 f"{first['runaway']} runaway ones, `--timeout {first['timeout']:g}`, "
                 "on this 2-core machine (`python -m benchmarks.serve_load`).")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="a built graph (default: build the sample)")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--cheap", type=int, default=240)
    parser.add_argument("--runaway", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=3.0)
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--doc", type=Path, help="write the table into this Markdown file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tnkg-load-") as temp:
        out = args.out
        if out is None:
            out = Path(temp) / "out"
            subprocess.run([sys.executable, "-m", "tnkg.cli", "build", "--out", str(out)],
                           check=True, stdout=subprocess.DEVNULL)
        results = [load_run(out, clients=args.clients, cheap=args.cheap,
                            runaway=args.runaway, timeout=args.timeout, lanes=lanes)
                   for lanes in (0, None)]
    table = render(results)
    sys.stdout.write(table)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1) + "\n", "utf-8")
    if args.doc:
        write_into_doc(args.doc, table, BEGIN, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
