"""Draw how tnkg's cost grows with the corpus, log-log, from benchmark JSON files.

    python -m benchmarks.figure bench-out/bench-*.json --png docs/img/bench-scaling.png

Four panels against pages: the time of build, analyze, viz and the incremental build;
the peak memory of build and analyze; each bundled query on the store; each on rdflib.
A query stopped at its cap is drawn at the cap with an open marker, as a lower bound.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.report import ReportError, load_results

STAGES = (("build_seconds", "build"), ("analyze_seconds", "analyze"),
          ("viz_seconds", "viz"), ("incremental_seconds", "build with {added} new pages"))
MEMORY = (("build_peak_rss_mb", "build"), ("analyze_peak_rss_mb", "analyze"))
ENGINES = (("query_ms", "query_timeout_s", "Oxigraph store (shipped)"),
           ("query_ms_rdflib", "query_timeout_s_rdflib", "rdflib Dataset"))


def _series(results: list[dict], key: str) -> tuple[list[int], list[float]]:
    found = [(r["pages"], r.get(key)) for r in results if r.get(key) is not None]
    return [p for p, _ in found], [v for _, v in found]


def _query_series(results: list[dict], ms_key: str, cap_key: str, name: str):
    """(pages, seconds) measured, and (pages, cap seconds) where the query was stopped."""
    done, stopped = [], []
    for r in results:
        cap = (r.get(cap_key) or {}).get(name)
        ms = (r.get(ms_key) or {}).get(name)
        if cap is not None:
            stopped.append((r["pages"], cap))
        elif ms is not None:
            done.append((r["pages"], ms / 1000))
    return done, stopped


def draw_scaling(results: list[dict], png: Path) -> None:
    """Write the four-panel figure of `results` (one JSON per corpus size) to `png`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(12, 9), constrained_layout=True)
    (stages, memory), (store, rdflib) = axes
    for key, label in STAGES:
        pages, values = _series(results, key)
        if pages:
            added = results[-1].get("incremental_pages")
            stages.plot(pages, values, marker="o", label=label.format(added=added))
    stages.set(title="Commands", ylabel="seconds")
    for key, label in MEMORY:
        pages, values = _series(results, key)
        if pages:
            memory.plot(pages, values, marker="o", label=label)
    memory.axhline(4096, color="grey", linestyle=":", label="4 GB target (100 000 pages)")
    memory.set(title="Peak memory (process tree)", ylabel="MB")

    names = sorted({n for r in results for key, _, _ in ENGINES for n in r.get(key) or {}})
    colours = plt.get_cmap("tab20")
    for ax, (ms_key, cap_key, title) in zip((store, rdflib), ENGINES, strict=True):
        for i, name in enumerate(names):
            done, stopped = _query_series(results, ms_key, cap_key, name)
            colour = colours(i % 20)
            if done:
                ax.plot(*zip(*done, strict=True), marker="o", markersize=3, color=colour,
                        linewidth=1, label=name)
            if stopped:
                ax.plot(*zip(*stopped, strict=True), marker="o", markersize=6, color=colour,
                        fillstyle="none", linestyle="none")
        ax.axhline(1, color="grey", linestyle=":", label="1 s")
        ax.set(title=f"Bundled queries, {title}", ylabel="seconds (median)")
    store.legend(fontsize=6, ncol=2, loc="upper left")
    for ax in axes.flat:
        ax.set(xscale="log", yscale="log", xlabel="pages")
        ax.grid(True, which="both", alpha=0.3)
    for ax in (stages, memory, rdflib):
        ax.legend(fontsize=7, loc="upper left")
    machine = results[-1].get("machine") or {}
    fig.suptitle(
        f"tnkg on generated pages ({machine.get('cpu_count')} cores, "
        f"{machine.get('memory_gb')} GB; open markers: stopped at the cap)"
    )
    png.parent.mkdir(parents=True, exist_ok=True)
    tmp = png.with_name(png.stem + ".tmp.png")
    fig.savefig(tmp, dpi=110, metadata={"Software": None})
    plt.close(fig)
    tmp.replace(png)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.figure", description=__doc__)
    parser.add_argument("files", nargs="+", type=Path, help="benchmark JSON files")
    parser.add_argument("--png", type=Path, required=True, help="the figure to write")
    args = parser.parse_args(argv)
    try:
        results = load_results(args.files)
    except ReportError as error:
        print(f"benchmarks.figure: {error}", file=sys.stderr)
        return 2
    draw_scaling(results, args.png)
    print(f"benchmarks.figure: wrote {args.png}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
