"""Run the tnkg benchmark on one generated corpus and write the figures as JSON.

    python -m benchmarks --pages 1000 --jobs 2 --json bench-out/bench-1000.json

Stages, each on the same corpus: bare `spacy.blank("sv")` tokenisation (the floor),
`tnkg extract` in one and in J processes, `tnkg build --jobs J` (wall time and peak
resident memory of its process tree), the bundled queries on the shipped pyoxigraph
store and on an rdflib Dataset holding the same quads, `tnkg analyze`, `tnkg viz`,
and a cProfile of the slowest stage. The commands run as subprocesses, as a user
runs them, so start-up costs count. A stage that cannot run records null and a note.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import platform
import pstats
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import psutil

from benchmarks.generate import write_corpus

QUERIES = (
    "shared-partner-countries",
    "municipalities-linked-abroad",
    "organisations-in-several-projects",
)
PROFILE_PAGES = 1000  # the profiled re-run of extract or build uses at most this many pages
PROFILE_TOP = 25
CLI = [sys.executable, "-m", "tnkg.cli"]
# Triples of the union graph: each triple sits in one named graph (page or shared), so the
# union needs no DISTINCT (tests/kg holds the build to that).
COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
REPEAT_BUDGET_MS = 10_000  # stop repeating a query once its runs have taken this long


class StageFailed(Exception):
    """A benchmarked command failed; the message is its last error line."""


def run_measured(cmd: list[str], *, poll_s: float = 0.05) -> tuple[float, float, int]:
    """Run `cmd`; return (wall seconds, peak RSS in MB of its whole process tree, exit code).

    The tree is polled, summing the RSS of the process and all its descendants,
    because `--jobs` workers hold their own pipelines.
    """
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=stderr)
        peak = 0
        try:
            parent = psutil.Process(proc.pid)
            while proc.poll() is None:
                try:
                    tree = [parent, *parent.children(recursive=True)]
                    peak = max(peak, sum(_rss(p) for p in tree))
                except psutil.NoSuchProcess:
                    pass
                time.sleep(poll_s)
        finally:
            proc.wait()
        seconds = time.perf_counter() - start
        if proc.returncode not in (0, 2):  # 2: some pages failed, the rest ran
            stderr.seek(0)
            lines = stderr.read().decode("utf-8", "replace").strip().splitlines()
            last = lines[-1] if lines else "no message"
            raise StageFailed(f"tnkg {cmd[len(CLI)]}: exit {proc.returncode}: {last}")
    return seconds, peak / 2**20, proc.returncode


def _rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0


def measure_tokenize(paths: list[Path]) -> float:
    """Pages per second of a bare spacy.blank("sv") tokenisation (nlp.pipe) of the pages."""
    import spacy

    nlp = spacy.blank("sv")
    start = time.perf_counter()
    tokens = 0
    texts = (p.read_text(encoding="utf-8") for p in paths)
    for doc in nlp.pipe(texts, batch_size=64):
        tokens += len(doc)
    return len(paths) / (time.perf_counter() - start)


def _query_worker(engine: str, source: str, requests, replies) -> None:
    """Child process: open the graph, answer (name, repeat) with (name, median ms, rows).

    `engine` "oxigraph" opens the store tnkg built in the folder `source` and runs the
    query as `tnkg query` does; "rdflib" loads the N-Quads file `source` into an rdflib
    Dataset whose default graph is the union, as the store's queries see it.
    """
    from tnkg.queries.runner import load_query, run_query

    start = time.perf_counter()
    if engine == "oxigraph":
        from tnkg.kg.store import open_store

        store = open_store(Path(source), read_only=True)
        counted = store.query(COUNT_TRIPLES, use_default_graph_as_union=True)
        size = int(next(iter(counted))["n"].value)

        def rows_of(name: str) -> int:
            return len(run_query(store, load_query(name), {}).rows)
    else:
        from rdflib import Dataset

        graph = Dataset(default_union=True)
        graph.parse(source, format="nquads")
        size = len(graph)

        def rows_of(name: str) -> int:
            return len(list(graph.query(load_query(name).text)))
    replies.put(("loaded", time.perf_counter() - start, size))
    while (request := requests.get()) is not None:
        name, repeat = request
        times, rows = [], 0
        for _ in range(repeat):
            begin = time.perf_counter()
            rows = rows_of(name)
            times.append((time.perf_counter() - begin) * 1000)
            if sum(times) > REPEAT_BUDGET_MS:
                break
        replies.put((name, statistics.median(times), rows))


@dataclass
class QueryFigures:
    """What `measure_queries` found: per query median ms and rows (None past the cap)."""

    ms: dict[str, float | None] = field(default_factory=dict)
    rows: dict[str, int | None] = field(default_factory=dict)
    timeouts: dict[str, float] = field(default_factory=dict)
    load_seconds: float | None = None
    triples: int | None = None


def measure_queries(
    engine: str, source: str, repeat: int, timeout_s: float, notes: list[str]
) -> QueryFigures:
    """Median ms and row count of each bundled query on one engine, each query time-capped.

    The queries run in a child process so that one past the cap can be stopped
    (a pair query grows with the square of the projects); the graph is then
    opened again for the next query.
    """
    ctx = multiprocessing.get_context("spawn")
    figures = QueryFigures()
    child = None
    try:
        for name in QUERIES:
            if child is None:
                requests, replies = ctx.Queue(), ctx.Queue()
                child = ctx.Process(target=_query_worker, args=(engine, source, requests, replies))
                child.start()
                _, load_s, size = replies.get()
                if figures.load_seconds is None:
                    figures.load_seconds, figures.triples = load_s, size
            requests.put((name, repeat))
            try:
                _, median, count = replies.get(timeout=timeout_s + REPEAT_BUDGET_MS / 1000)
                figures.ms[name], figures.rows[name] = round(median, 3), count
            except queue.Empty:
                child.kill()
                child.join()
                child = None
                figures.ms[name], figures.rows[name] = None, None
                figures.timeouts[name] = timeout_s
                notes.append(f"{engine}: {name} did not finish within {timeout_s:.0f} s")
    finally:
        if child is not None:
            requests.put(None)
            child.join(30)
    return figures


def measure_rdflib_queries(
    out_dir: Path, work: Path, repeat: int, timeout_s: float, notes: list[str]
) -> QueryFigures:
    """`measure_queries` on rdflib, from an N-Quads dump of the store."""
    from pyoxigraph import RdfFormat

    from tnkg.kg.store import open_store

    nquads = work / "graph.nq"
    open_store(out_dir, read_only=True).dump(str(nquads), RdfFormat.N_QUADS)
    try:
        return measure_queries("rdflib", str(nquads), repeat, timeout_s, notes)
    finally:
        nquads.unlink()


def profile_command(argv: list[str], out: Path) -> list[dict]:
    """cProfile a tnkg command in a child process; the top functions by own time."""
    stats_file = out.with_suffix(".prof")
    cmd = [sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "tnkg.cli", *argv]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    if not stats_file.exists():
        return []
    return top_functions(pstats.Stats(str(stats_file), stream=io.StringIO()))


def top_functions(stats: pstats.Stats, limit: int = PROFILE_TOP) -> list[dict]:
    """The functions with the most own time, as plain rows for the JSON."""
    total = sum(row[2] for row in stats.stats.values()) or 1.0
    rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:limit]
    return [
        {
            "function": f"{Path(file).name}:{line}({func})",
            "calls": calls,
            "tottime_s": round(tottime, 3),
            "cumtime_s": round(cumtime, 3),
            "share_of_total": round(tottime / total, 3),
        }
        for (file, line, func), (_, calls, tottime, cumtime, _) in rows
    ]


def machine_info() -> dict:
    model = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": model or platform.processor() or None,
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def versions() -> dict:
    found = {}
    for package in ("tnkg", "spacy", "rdflib", "pyoxigraph", "networkx"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    return found


def run_benchmark(
    pages: int,
    *,
    jobs: int,
    workdir: Path,
    repeat: int = 5,
    query_timeout_s: float = 120.0,
    seed: int = 0,
    profile: bool = True,
) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()[0]  # other work on the machine slows every figure
    notes: list[str] = []
    result: dict = {
        "pages": pages,
        "jobs": jobs,
        "seed": seed,
        "triples": None,
        "extract_pages_per_s": None,
        "extract_pages_per_s_jobs": None,
        "tokenize_pages_per_s": None,
        "build_seconds": None,
        "build_peak_rss_mb": None,
        "query_ms": {},
        "query_ms_rdflib": {},
        "query_rows": {},
        "query_rows_rdflib": {},
        "analyze_seconds": None,
        "viz_seconds": None,
    }
    stage_seconds: dict[str, float] = {}

    start = time.perf_counter()
    paths = write_corpus(workdir / f"corpus-{pages}", pages, seed=seed, jobs=jobs)
    result["generate_seconds"] = round(time.perf_counter() - start, 3)
    result["words"] = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    files = [str(p) for p in paths]
    out_dir = workdir / "out"

    def stage(name: str, fn):
        try:
            return fn()
        except StageFailed as error:
            notes.append(f"{name}: {error}")
        except ImportError as error:
            notes.append(f"{name}: not available ({error})")
        except Exception as error:  # a stage that breaks must not hide the others' figures
            notes.append(f"{name}: {type(error).__name__}: {error}")
        return None

    result["tokenize_pages_per_s"] = stage("tokenize", lambda: round(measure_tokenize(paths), 2))

    extract_json = workdir / "extract.json"
    for key, n_jobs in (("extract_pages_per_s", 1), ("extract_pages_per_s_jobs", jobs)):
        if n_jobs == 1 and key == "extract_pages_per_s_jobs":  # the same run as above
            result[key] = result["extract_pages_per_s"]
            break
        argv = ["extract", *files, "--json", "-o", str(extract_json), "--jobs", str(n_jobs)]
        timed = stage(key, lambda argv=argv: run_measured(CLI + argv))
        if timed:
            result[key] = round(pages / timed[0], 2)
            if n_jobs == 1:
                stage_seconds["extract"] = timed[0]
    if extract_json.exists():
        extract_json.unlink()

    shutil.rmtree(out_dir, ignore_errors=True)  # a full build, not a cached rebuild
    build_argv = ["build", *files, "--out", str(out_dir), "--jobs", str(jobs)]
    timed = stage("build", lambda: run_measured(CLI + build_argv))
    if timed:
        result["build_seconds"] = round(timed[0], 2)
        result["build_peak_rss_mb"] = round(timed[1], 1)
        stage_seconds["build"] = timed[0]

    if not timed:
        notes.append("queries, rdflib, analyze, viz: skipped, no graph was built")
    else:
        found = stage(
            "queries",
            lambda: measure_queries("oxigraph", str(out_dir), repeat, query_timeout_s, notes),
        )
        if found:
            result["query_ms"], result["query_rows"] = found.ms, found.rows
            result["query_timeout_s"] = found.timeouts
            result["triples"] = found.triples
        found = stage(
            "rdflib",
            lambda: measure_rdflib_queries(out_dir, workdir, repeat, query_timeout_s, notes),
        )
        if found:
            result["query_ms_rdflib"], result["query_rows_rdflib"] = found.ms, found.rows
            result["query_timeout_s_rdflib"] = found.timeouts
            result["rdflib_load_seconds"] = (
                round(found.load_seconds, 2) if found.load_seconds else None
            )

        for key, argv in (
            ("analyze_seconds", ["analyze", "--out", str(out_dir)]),
            ("viz_seconds", ["viz", "--out", str(out_dir), "-o", str(out_dir / "bench-viz.html")]),
        ):
            timed_cmd = stage(key, lambda argv=argv: run_measured(CLI + argv))
            if timed_cmd:
                result[key] = round(timed_cmd[0], 2)
                stage_seconds[key.removesuffix("_seconds")] = timed_cmd[0]

    if profile and stage_seconds:
        slowest = max(stage_seconds, key=stage_seconds.get)
        subset = files[:PROFILE_PAGES]
        argv = {
            "extract": ["extract", *subset, "--json", "-o", str(extract_json), "--jobs", "1"],
            "build": ["build", *subset, "--out", str(workdir / "out-profile"), "--jobs", "1"],
            "analyze": ["analyze", "--out", str(out_dir)],
            "viz": ["viz", "--out", str(out_dir), "-o", str(out_dir / "bench-viz.html")],
        }[slowest]
        shutil.rmtree(workdir / "out-profile", ignore_errors=True)
        result["profile"] = {
            "stage": slowest,
            "pages": len(subset) if slowest in ("extract", "build") else pages,
            "jobs": 1,
            "top_by_own_time": profile_command(argv, workdir / f"profile-{slowest}"),
        }
        if extract_json.exists():
            extract_json.unlink()
    result["stage_seconds"] = {k: round(v, 2) for k, v in stage_seconds.items()}
    result["machine"] = machine_info() | {
        "load_avg_1min_start": round(load_start, 2),
        "load_avg_1min_end": round(os.getloadavg()[0], 2),
    }
    result["versions"] = versions()
    result["notes"] = notes
    return result


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Benchmark tnkg on a generated corpus and write the figures as JSON.",
    )
    parser.add_argument("--pages", type=int, required=True, help="size of the generated corpus")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes")
    parser.add_argument("--json", type=Path, required=True, dest="json_path", help="output")
    parser.add_argument("--workdir", type=Path, help="corpus and graph (default bench-out/work-N)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (median)")
    parser.add_argument(
        "--query-timeout", type=float, default=120.0,
        help="seconds a query may take on either engine before it is stopped",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile re-run")
    args = parser.parse_args(argv)
    if args.pages < 1 or args.jobs < 1 or args.repeat < 1:
        parser.error("--pages, --jobs and --repeat must be at least 1")
    workdir = args.workdir or Path("bench-out") / f"work-{args.pages}"
    result = run_benchmark(
        args.pages,
        jobs=args.jobs,
        workdir=workdir,
        repeat=args.repeat,
        query_timeout_s=args.query_timeout,
        seed=args.seed,
        profile=not args.no_profile,
    )
    write_json(args.json_path, result)
    for note in result["notes"]:
        print(f"benchmarks: {note}", file=sys.stderr)
    print(f"benchmarks: wrote {args.json_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
