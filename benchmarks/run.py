"""Run the tnkg benchmark on one generated corpus and write the figures as JSON.

    python -m benchmarks --pages 1000 --jobs 2 --json bench-out/bench-1000.json

Stages, each on the same corpus: bare `spacy.blank("sv")` tokenisation (the floor),
`tnkg extract` in one and in J processes, `tnkg build --jobs J` (wall time and peak
resident memory of its process tree), every bundled query on the shipped pyoxigraph
store and on an rdflib Dataset holding the same quads (`benchmarks/queries.py`),
`tnkg analyze`, `tnkg viz`, the same build again with `--add-pages` new pages (the
incremental build), and a cProfile of the slowest stage. The commands run as
subprocesses, as a user runs them, so start-up costs count. A stage that cannot run
records null and a note; `--skip` leaves stages out (the 100,000-page run skips what
would take hours and says nothing new).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import psutil

from benchmarks.generate import write_corpus
from benchmarks.queries import measure_queries, measure_rdflib_queries, query_cases

PROFILE_PAGES = 1000  # the profiled re-run of extract or build uses at most this many pages
PROFILE_TOP = 25
TOKENIZE_PAGES = 1000  # tokenisation is a rate (pages/s): this many pages measure it
CLI = [sys.executable, "-m", "tnkg.cli"]
STAGES = ("tokenize", "extract", "build", "queries", "rdflib", "analyze", "viz",
          "incremental", "profile")


class StageFailed(Exception):
    """A benchmarked command failed; the message is its last error line."""


def run_measured(
    cmd: list[str], *, poll_s: float = 0.05, timeout_s: float | None = None,
    max_rss_mb: float | None = None,
) -> tuple[float, float, int]:
    """Run `cmd`; return (wall seconds, peak RSS in MB of its whole process tree, exit code).

    The tree is polled, summing the RSS of the process and all its descendants,
    because `--jobs` workers hold their own pipelines. Past `timeout_s`, or once the
    tree holds more than `max_rss_mb` (the machine is shared: a run must not push
    others out of memory), the tree is stopped and StageFailed says so.
    """
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=stderr)
        peak = 0
        stopped = ""
        try:
            parent = psutil.Process(proc.pid)
            while proc.poll() is None:
                try:
                    tree = [parent, *parent.children(recursive=True)]
                    peak = max(peak, sum(_rss(p) for p in tree))
                except psutil.NoSuchProcess:
                    tree = []
                over_time = timeout_s is not None and time.perf_counter() - start > timeout_s
                over_memory = max_rss_mb is not None and peak > max_rss_mb * 2**20
                if over_time or over_memory:
                    for process in reversed(tree):
                        with contextlib.suppress(psutil.NoSuchProcess):
                            process.kill()
                    stopped = (f"stopped after {timeout_s:.0f} s" if over_time
                               else f"stopped at {peak / 2**20:.0f} MB, over {max_rss_mb:.0f}")
                    break
                time.sleep(poll_s)
        finally:
            proc.wait()
        seconds = time.perf_counter() - start
        if stopped:
            raise StageFailed(f"tnkg {cmd[len(CLI)]}: {stopped}")
        stderr.seek(0)
        lines = stderr.read().decode("utf-8", "replace").strip().splitlines()
        # 2: some pages failed and the rest ran, unless the command line itself was wrong
        if proc.returncode != 0 and (
            proc.returncode != 2 or any(line.startswith("usage: tnkg") for line in lines)
        ):
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
    rdflib_timeout_s: float = 30.0,
    add_pages: int = 100,
    command_timeout_s: float = 3 * 3600.0,
    command_max_rss_mb: float = 8192.0,
    seed: int = 0,
    skip: frozenset[str] = frozenset(),
) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    loads = {"start": round(os.getloadavg()[0], 2)}  # others' work slows every figure
    notes: list[str] = []
    result: dict = {
        "pages": pages,
        "jobs": jobs,
        "seed": seed,
        "skipped": sorted(skip),
        "command_timeout_s": command_timeout_s,
        "command_max_rss_mb": command_max_rss_mb,
        "triples": None,
        "extract_pages_per_s": None,
        "extract_pages_per_s_jobs": None,
        "tokenize_pages_per_s": None,
        "build_seconds": None,
        "build_peak_rss_mb": None,
        "incremental_pages": add_pages,
        "incremental_seconds": None,
        "incremental_peak_rss_mb": None,
        "query_cases": {},
        "query_ms": {},
        "query_ms_rdflib": {},
        "query_rows": {},
        "query_rows_rdflib": {},
        "analyze_seconds": None,
        "analyze_peak_rss_mb": None,
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
        if name in skip:
            return None
        loads[name] = round(os.getloadavg()[0], 2)
        try:
            return fn()
        except StageFailed as error:
            notes.append(f"{name}: {error}")
        except ImportError as error:
            notes.append(f"{name}: not available ({error})")
        except Exception as error:  # a stage that breaks must not hide the others' figures
            notes.append(f"{name}: {type(error).__name__}: {error}")
        return None

    def command(argv: list[str]) -> tuple[float, float, int]:
        return run_measured(CLI + argv, timeout_s=command_timeout_s,
                            max_rss_mb=command_max_rss_mb)

    pages_only = [p for p in paths if p.suffix == ".txt"]  # the exports' rows are not pages
    # The first tnkg run on a machine builds the gazetteer's caches, once: not a figure of
    # any stage (it made the first timed command of a fresh machine slower than the rest).
    subprocess.run([*CLI, "extract", str(pages_only[0])], capture_output=True, check=False)
    result["tokenize_pages_per_s"] = stage(
        "tokenize", lambda: round(measure_tokenize(pages_only[:TOKENIZE_PAGES]), 2)
    )

    extract_json = workdir / "extract.json"
    for key, n_jobs in (("extract_pages_per_s", 1), ("extract_pages_per_s_jobs", jobs)):
        if n_jobs == 1 and key == "extract_pages_per_s_jobs":  # the same run as above
            result[key] = result["extract_pages_per_s"]
            break
        argv = ["extract", *files, "--json", "-o", str(extract_json), "--jobs", str(n_jobs)]
        timed = stage("extract", lambda argv=argv: command(argv))
        if timed:
            result[key] = round(pages / timed[0], 2)
            if n_jobs == 1:
                stage_seconds["extract"] = timed[0]
    if extract_json.exists():
        extract_json.unlink()

    shutil.rmtree(out_dir, ignore_errors=True)  # a full build, not a cached rebuild
    options = ["--out", str(out_dir), "--jobs", str(jobs)]
    build_argv = ["build", *files, *options]
    timed = stage("build", lambda: command(build_argv))
    if timed:
        result["build_seconds"] = round(timed[0], 2)
        result["build_peak_rss_mb"] = round(timed[1], 1)
        stage_seconds["build"] = timed[0]

    if not timed:
        notes.append("queries, rdflib, analyze, viz, incremental: skipped, no graph was built")
    else:
        _measure_graph(result, stage, stage_seconds, out_dir, workdir, notes, repeat=repeat,
                       query_timeout_s=query_timeout_s, rdflib_timeout_s=rdflib_timeout_s,
                       command=command)
        extra = write_corpus(workdir / f"extra-{pages}-{add_pages}", add_pages, seed=seed,
                             first=pages)
        argv = ["build", *files, *map(str, extra), *options]
        timed = stage("incremental", lambda: command(argv))
        if timed:
            result["incremental_seconds"] = round(timed[0], 2)
            result["incremental_peak_rss_mb"] = round(timed[1], 1)

    if "profile" not in skip and stage_seconds:
        loads["profile"] = round(os.getloadavg()[0], 2)
        result["profile"] = _profile(stage_seconds, files, out_dir, workdir, extract_json)
    result["stage_seconds"] = {k: round(v, 2) for k, v in stage_seconds.items()}
    result["run_seconds"] = round(time.perf_counter() - started, 1)
    loads["end"] = round(os.getloadavg()[0], 2)
    result["machine"] = machine_info() | {
        "load_avg_1min_start": loads["start"],
        "load_avg_1min_end": loads["end"],
        "load_avg_1min_max": max(loads.values()),
        "load_avg_1min_by_stage": loads,
    }
    result["versions"] = versions()
    result["notes"] = notes
    return result


def _measure_graph(
    result: dict, stage, stage_seconds: dict[str, float], out_dir: Path, workdir: Path,
    notes: list[str], *, repeat: int, query_timeout_s: float, rdflib_timeout_s: float,
    command,
) -> None:
    """The stages that read the built graph: queries on both engines, analyze, viz."""
    from tnkg.kg.store import open_store

    cases = query_cases(open_store(out_dir, read_only=True))
    result["query_cases"] = {label: {"query": name, "params": params}
                             for label, (name, params) in cases.items()}
    found = stage("queries", lambda: measure_queries(
        "oxigraph", str(out_dir), cases, repeat, query_timeout_s, notes))
    if found:
        result["query_ms"], result["query_rows"] = found.ms, found.rows
        result["query_timeout_s"] = found.timeouts
        result["triples"] = found.triples
    found = stage("rdflib", lambda: measure_rdflib_queries(
        out_dir, workdir, cases, repeat, rdflib_timeout_s, notes))
    if found:
        result["query_ms_rdflib"], result["query_rows_rdflib"] = found.ms, found.rows
        result["query_timeout_s_rdflib"] = found.timeouts
        result["rdflib_load_seconds"] = (
            round(found.load_seconds, 2) if found.load_seconds else None
        )
    for key, argv in (
        ("analyze", ["analyze", "--out", str(out_dir)]),
        ("viz", ["viz", "--out", str(out_dir), "-o", str(out_dir / "bench-viz.html")]),
    ):
        timed = stage(key, lambda argv=argv: command(argv))
        if timed:
            result[f"{key}_seconds"] = round(timed[0], 2)
            if key == "analyze":
                result["analyze_peak_rss_mb"] = round(timed[1], 1)
            stage_seconds[key] = timed[0]


def _profile(
    stage_seconds: dict[str, float], files: list[str], out_dir: Path, workdir: Path,
    extract_json: Path,
) -> dict:
    """cProfile of the slowest stage (extract and build on at most PROFILE_PAGES pages)."""
    slowest = max(stage_seconds, key=stage_seconds.get)
    subset = files[:PROFILE_PAGES]
    argv = {
        "extract": ["extract", *subset, "--json", "-o", str(extract_json), "--jobs", "1"],
        "build": ["build", *subset, "--out", str(workdir / "out-profile"), "--jobs", "1"],
        "analyze": ["analyze", "--out", str(out_dir)],
        "viz": ["viz", "--out", str(out_dir), "-o", str(out_dir / "bench-viz.html")],
    }[slowest]
    shutil.rmtree(workdir / "out-profile", ignore_errors=True)
    profile = {
        "stage": slowest,
        "pages": len(subset) if slowest in ("extract", "build") else len(files),
        "jobs": 1,
        "top_by_own_time": profile_command(argv, workdir / f"profile-{slowest}"),
    }
    if extract_json.exists():
        extract_json.unlink()
    return profile


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
        help="seconds a query may take on the store before it is stopped",
    )
    parser.add_argument(
        "--rdflib-timeout", type=float, default=30.0,
        help="seconds a query may take on rdflib before it is stopped",
    )
    parser.add_argument(
        "--add-pages", type=int, default=100,
        help="new pages of the incremental build (default 100)",
    )
    parser.add_argument(
        "--command-timeout", type=float, default=3 * 3600.0,
        help="seconds a timed tnkg command may take before it is stopped (default 3 h)",
    )
    parser.add_argument(
        "--command-max-rss", type=float, default=8192.0, metavar="MB",
        help="memory a timed tnkg command may hold before it is stopped (default 8 GB: "
             "twice the 4 GB target, and the machine is shared)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--skip", default="", metavar="STAGE,...",
        help=f"stages to leave out, of: {', '.join(STAGES)}",
    )
    args = parser.parse_args(argv)
    if min(args.pages, args.jobs, args.repeat, args.add_pages) < 1:
        parser.error("--pages, --jobs, --repeat and --add-pages must be at least 1")
    skip = frozenset(s for s in args.skip.split(",") if s)
    if skip - set(STAGES):
        parser.error(f"--skip: no stage {', '.join(sorted(skip - set(STAGES)))}")
    workdir = args.workdir or Path("bench-out") / f"work-{args.pages}"
    result = run_benchmark(
        args.pages,
        jobs=args.jobs,
        workdir=workdir,
        repeat=args.repeat,
        query_timeout_s=args.query_timeout,
        rdflib_timeout_s=args.rdflib_timeout,
        add_pages=args.add_pages,
        command_timeout_s=args.command_timeout,
        command_max_rss_mb=args.command_max_rss,
        seed=args.seed,
        skip=skip,
    )
    write_json(args.json_path, result)
    for note in result["notes"]:
        print(f"benchmarks: {note}", file=sys.stderr)
    print(f"benchmarks: wrote {args.json_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
