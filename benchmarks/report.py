"""Turn benchmark JSON files into a Markdown table, one column per corpus size.

    python -m benchmarks.report bench-out/bench-1000.json bench-out/bench-10000.json \\
        --doc docs/benchmarks.md

The table goes to stdout and into the doc file between the markers
`<!-- bench-table:begin -->` and `<!-- bench-table:end -->` (appended when the file
has none), so the prose around it stays as written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

BEGIN, END = "<!-- bench-table:begin -->", "<!-- bench-table:end -->"
REQUIRED = ("pages", "query_ms", "query_ms_rdflib", "query_rows")


class ReportError(Exception):
    """A benchmark file that cannot be read; the message names it."""


def load_results(paths: list[Path]) -> list[dict]:
    results = []
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ReportError(f"{path}: cannot read benchmark JSON ({error})") from None
        missing = [k for k in REQUIRED if not isinstance(data, dict) or k not in data]
        if missing:
            raise ReportError(f"{path}: not a benchmark result (missing {', '.join(missing)})")
        results.append(data)
    return sorted(results, key=lambda r: r["pages"])


def _num(value, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, int) or (isinstance(value, float) and value >= 100):
        return f"{value:,.0f}".replace(",", " ")
    return f"{value:.{digits}f}"


def _ratio(slow, fast) -> str:
    if slow is None or fast in (None, 0):
        return "—"
    return f"{slow / fast:,.1f}×".replace(",", " ")


# the JSON keys of each engine's figures: (median ms, caps of the queries that were stopped)
ENGINE_KEYS = {"store": ("query_ms", "query_timeout_s"),
               "rdflib": ("query_ms_rdflib", "query_timeout_s_rdflib")}


def _query_ms(result: dict, engine: str, name: str) -> tuple[float | None, bool]:
    """(median ms, or the cap in ms when the query was stopped; whether it was stopped)."""
    ms_key, cap_key = ENGINE_KEYS[engine]
    cap = (result.get(cap_key) or {}).get(name)
    if cap is not None:
        return cap * 1000, True
    return result[ms_key].get(name), False


def _ms_cell(result: dict, engine: str, name: str) -> str:
    ms, stopped = _query_ms(result, engine, name)
    return f"> {_num(ms)} (stopped)" if stopped else _num(ms)


# the overlap questions of issue 19, each a bundled query
OVERLAP_QUERIES = (
    ("overlaps of one project", "overlaps-of-project"),
    ("overlaps in one municipality", "overlaps-in-municipality"),
    ("the 1,000 pairs sharing most", "overlaps-top-pairs"),
)
SLOW_MS = 1000  # a query over this at 10,000 pages misses the interactive target


def _size(pages: int) -> str:
    return f"{pages:,}".replace(",", " ")


def _incremental_cell(result: dict) -> str:
    seconds, full = result.get("incremental_seconds"), result.get("build_seconds")
    if seconds is None:
        return "—"
    return _num(seconds) + (f" ({100 * seconds / full:.0f} %)" if full else "")


def _heavy() -> set[str]:
    from tnkg.queries.runner import list_queries

    return {q.name for q in list_queries() if q.heavy}


def _slow_queries(result: dict) -> str:
    """The bundled queries over SLOW_MS on the store, those declared heavy apart."""
    ms = {n: v for n, v in (result.get("query_ms") or {}).items() if "→" not in n}
    if not ms:
        return "—"
    slow = [n for n in sorted(ms) if (_query_ms(result, "store", n)[0] or 0) > SLOW_MS]
    heavy = [n for n in slow if n in _heavy()]
    plain = [n for n in slow if n not in heavy]
    return (f"{len(slow)} of {len(ms)}"
            + (f"; not declared heavy: {', '.join(plain)}" if plain else "")
            + (f"; declared heavy: {len(heavy)}" if heavy else ""))


def render_table(results: list[dict]) -> str:
    """Markdown: the stages per size, then every query per size on both engines."""
    header = "| | " + " | ".join(f"{_size(r['pages'])} pages" for r in results)
    lines = [header + " |", "|---" * (len(results) + 1) + "|"]

    def row(label: str, cells) -> None:
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    jobs = {r.get("jobs") for r in results}
    j = jobs.pop() if len(jobs) == 1 else "J"
    added = {r.get("incremental_pages") for r in results if r.get("incremental_seconds")}
    row("words", [_num(r.get("words")) for r in results])
    row("triples (union graph)", [_num(r.get("triples")) for r in results])
    row(
        '`spacy.blank("sv")` tokenisation, pages/s',
        [_num(r.get("tokenize_pages_per_s")) for r in results],
    )
    row("`tnkg extract`, 1 process, pages/s", [_num(r.get("extract_pages_per_s")) for r in results])
    row(
        f"`tnkg extract --jobs {j}`, pages/s",
        [_num(r.get("extract_pages_per_s_jobs")) for r in results],
    )
    row(
        "extract cost / tokenisation cost (1 process; target ≤ 3)",
        [_ratio(r.get("tokenize_pages_per_s"), r.get("extract_pages_per_s")) for r in results],
    )
    row(
        f"`tnkg build --jobs {j}`, s (target < 60 at 10 000, < 900 at 100 000)",
        [_num(r.get("build_seconds")) for r in results],
    )
    row("build peak RSS, MB (target < 4 096 at 100 000)",
        [_num(r.get("build_peak_rss_mb")) for r in results])
    row(
        f"the same build with {added.pop() if len(added) == 1 else 'N'} new pages, s "
        "(share of the full build; target < 10 %)",
        [_incremental_cell(r) for r in results],
    )
    row("`tnkg analyze`, s (target < 20 at 10 000)",
        [_num(r.get("analyze_seconds")) for r in results])
    row("analyze peak RSS, MB", [_num(r.get("analyze_peak_rss_mb")) for r in results])
    row("`tnkg viz`, s", [_num(r.get("viz_seconds")) for r in results])
    for label, name in OVERLAP_QUERIES:
        row(f"{label} (`{name}`), store, ms (target < 1 000 at 10 000)",
            [_ms_cell(r, "store", name) for r in results])
    row("bundled queries over 1 s on the store", [_slow_queries(r) for r in results])
    row("slowest stage (profiled)", [(r.get("profile") or {}).get("stage", "—") for r in results])
    row("the benchmark run, min", [_num((r.get("run_seconds") or 0) / 60 or None)
                                   for r in results])
    row("load average (1 min) at start / highest / end", [_loads(r) for r in results])
    targets = render_targets(results)
    lines += ["", *targets, ""] if targets else [""]
    lines += render_query_table(results)

    machine = results[-1].get("machine") or {}
    versions = results[-1].get("versions") or {}
    lines += [
        "",
        f"Machine: {machine.get('cpu_model')}, {machine.get('cpu_count')} cores, "
        f"{machine.get('memory_gb')} GB memory, Python {machine.get('python')}; "
        + ", ".join(f"{k} {v}" for k, v in versions.items() if v),
        "",
    ]
    for r in results:
        cases = {label: case for label, case in (r.get("query_cases") or {}).items()
                 if case["params"]}
        if cases:
            lines.append(
                f"Parameters at {_size(r['pages'])} pages: "
                + "; ".join(
                    f"`{label}` " + ", ".join(f"{k} = {v}" for k, v in case["params"].items())
                    for label, case in sorted(cases.items()))
            )
            lines.append("")
        profile = r.get("profile")
        if profile and profile.get("top_by_own_time"):
            top = profile["top_by_own_time"][:5]
            lines.append(
                f"Profile at {_size(r['pages'])} pages"
                + f" (`{profile['stage']}`, {profile['pages']} pages, 1 process), "
                "top functions by own time: "
                + "; ".join(f"`{t['function']}` {t['tottime_s']} s" for t in top)
            )
            lines.append("")
        notes = [f"- {r['pages']} pages: {note}" for note in r.get("notes") or ()]
        lines += [*notes, ""] if notes else []  # a list ends before the next paragraph
    return "\n".join(lines).rstrip() + "\n"


def _at(results: list[dict], pages: int) -> dict | None:
    return next((r for r in results if r["pages"] == pages), None)


def _verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "not measured"
    return "met" if value < limit else "missed"


def _bounded_ms(result: dict, name: str) -> float | None:
    """A heavy query's bounded alternative's median ms (None when not measured)."""
    label = next((n for n in result["query_ms"] if n.startswith(f"{name} → ")), None)
    return _query_ms(result, "store", label)[0] if label else None


def _interactive(result: dict) -> tuple[str, str]:
    """(what was measured, verdict) for "every bundled query under 1 s, or declared heavy
    with a bounded alternative under 1 s"."""
    ms = {n for n in result["query_ms"] if "→" not in n}
    if not ms:
        return "—", "not measured"
    heavy = _heavy()
    failing = []
    for name in sorted(ms):
        took = _query_ms(result, "store", name)[0]
        if name in heavy:
            took = _bounded_ms(result, name)
        if took is None or took >= SLOW_MS:
            failing.append(name)
    measured = (f"{len(ms) - len(failing)} of {len(ms)}"
                + (f"; not: {', '.join(failing)}" if failing else ""))
    return measured, "missed" if failing else "met"


def render_targets(results: list[dict]) -> list[str]:
    """The targets of issue 19, each with what the runs measured and whether it is met."""
    ten, hundred = _at(results, 10_000), _at(results, 100_000)
    rows = []

    def target(text: str, measured: str, verdict: str) -> None:
        rows.append(f"| {text} | {measured} | {verdict} |")

    if ten:
        target("every bundled query under 1 s at 10 000 pages, or declared heavy with a "
               "bounded alternative under 1 s", *_interactive(ten))
        for label, name in OVERLAP_QUERIES:
            ms = _query_ms(ten, "store", name)[0]
            target(f"{label} under 1 s at 10 000 pages", f"{_num(ms)} ms", _verdict(ms, SLOW_MS))
        for text, key, limit in (("`tnkg analyze` under 20 s", "analyze_seconds", 20),
                                 ("`tnkg build --jobs 2` under 60 s", "build_seconds", 60)):
            value = ten.get(key)
            target(f"{text} at 10 000 pages", f"{_num(value)} s", _verdict(value, limit))
        added, full = ten.get("incremental_seconds"), ten.get("build_seconds")
        share = 100 * added / full if added is not None and full else None
        target(f"{ten.get('incremental_pages')} new pages on a 10 000-page build under 10 % "
               "of the full build", "—" if share is None else f"{share:.0f} %",
               _verdict(share, 10))
    if hundred:
        build, peak = hundred.get("build_seconds"), hundred.get("build_peak_rss_mb")
        target("`tnkg build` at 100 000 pages under 15 min",
               "—" if build is None else f"{build / 60:.1f} min", _verdict(build, 900))
        target("its peak memory under 4 GB", f"{_num(peak)} MB", _verdict(peak, 4096))
    if not rows:
        return []
    return ["| target (issue 19) | measured | |", "|---|---|---|", *rows]


def _loads(result: dict) -> str:
    machine = result.get("machine") or {}
    found = [machine.get(f"load_avg_1min_{k}") for k in ("start", "max", "end")]
    return " / ".join(_num(v, 2) for v in found) if any(v is not None for v in found) else "—"


def render_query_table(results: list[dict]) -> list[str]:
    """Every bundled query: its median ms on the store and on rdflib at each size, and
    its rows at the largest size the store answered."""
    names = sorted({n for r in results for n in r.get("query_ms") or {}})
    if not names:
        return []
    rdflib = [r for r in results if r.get("query_ms_rdflib")]
    columns = [f"store, ms ({_size(r['pages'])})" for r in results]
    columns += [f"rdflib, ms ({_size(r['pages'])})" for r in rdflib]
    widest = next((r for r in reversed(results) if r.get("query_rows")), results[-1])
    columns.append(f"rows ({_size(widest['pages'])})")
    lines = ["| query | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    heavy = _heavy()
    for name in names:
        shown = f"`{name}`" + (" (heavy)" if name in heavy else "")
        if "→" in name:
            heavy_name, alternative = name.split(" → ")
            shown = f"↳ bounded alternative to `{heavy_name}`: `{alternative}`"
        cells = [_ms_cell(r, "store", name) if name in (r.get("query_ms") or {}) else "—"
                 for r in results]
        cells += [_ms_cell(r, "rdflib", name) for r in rdflib]
        cells.append(_num((widest.get("query_rows") or {}).get(name)))
        lines.append(f"| {shown} | " + " | ".join(cells) + " |")
    return lines


def write_into_doc(doc: Path, table: str, begin: str = BEGIN, end: str = END) -> None:
    """Put the table between the markers of `doc`, keeping the text around it."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else ""
    block = f"{begin}\n{table}{end}"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = (text.rstrip() + "\n\n" if text.strip() else "") + block + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    tmp = doc.with_name(doc.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, doc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.report", description=__doc__)
    parser.add_argument("files", nargs="+", type=Path, help="benchmark JSON files")
    parser.add_argument(
        "--doc", type=Path, help="also write the table into this Markdown file (between markers)"
    )
    args = parser.parse_args(argv)
    try:
        table = render_table(load_results(args.files))
    except ReportError as error:
        print(f"benchmarks.report: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(table)
    if args.doc:
        write_into_doc(args.doc, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
