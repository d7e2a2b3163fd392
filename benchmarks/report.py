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

from benchmarks.run import QUERIES

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


def _rdflib_ratio(result: dict, name: str) -> str:
    """rdflib's time over the store's; a lower bound when only rdflib was stopped."""
    rdflib_ms, rdflib_stopped = _query_ms(result, "rdflib", name)
    store_ms, store_stopped = _query_ms(result, "store", name)
    if store_stopped:
        return "—"
    return ("> " if rdflib_stopped else "") + _ratio(rdflib_ms, store_ms)


def render_table(results: list[dict]) -> str:
    """Markdown: figures per size, store vs rdflib and extract vs tokenisation ratios."""
    header = "| | " + " | ".join(f"{r['pages']:,} pages".replace(",", " ") for r in results)
    lines = [header + " |", "|---" * (len(results) + 1) + "|"]

    def row(label: str, cells) -> None:
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    jobs = {r.get("jobs") for r in results}
    j = jobs.pop() if len(jobs) == 1 else "J"
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
        f"`tnkg build --jobs {j}`, s (target < 120 at 10 000)",
        [_num(r.get("build_seconds")) for r in results],
    )
    row("build peak RSS, MB (target < 2 048)", [_num(r.get("build_peak_rss_mb")) for r in results])
    for name in QUERIES:
        row(f"`{name}` rows", [_num(r["query_rows"].get(name)) for r in results])
        row(f"`{name}` Oxigraph store, ms", [_ms_cell(r, "store", name) for r in results])
        row(f"`{name}` rdflib Dataset, ms", [_ms_cell(r, "rdflib", name) for r in results])
        row(f"`{name}` rdflib / store", [_rdflib_ratio(r, name) for r in results])
    row("`tnkg analyze`, s (target < 60)", [_num(r.get("analyze_seconds")) for r in results])
    row("`tnkg viz`, s", [_num(r.get("viz_seconds")) for r in results])
    row("slowest stage (profiled)", [(r.get("profile") or {}).get("stage", "—") for r in results])

    machine = results[-1].get("machine") or {}
    versions = results[-1].get("versions") or {}
    load = machine.get("load_avg_1min_start")
    lines += [
        "",
        f"Machine: {machine.get('cpu_model')}, {machine.get('cpu_count')} cores, "
        f"{machine.get('memory_gb')} GB memory, Python {machine.get('python')}"
        + (f", load average {load} at start" if load is not None else "")
        + "; "
        + ", ".join(f"{k} {v}" for k, v in versions.items() if v),
        "",
    ]
    for r in results:
        profile = r.get("profile")
        if profile and profile.get("top_by_own_time"):
            top = profile["top_by_own_time"][:5]
            lines.append(
                f"Profile at {r['pages']:,} pages".replace(",", " ")
                + f" (`{profile['stage']}`, {profile['pages']} pages, 1 process), "
                "top functions by own time: "
                + "; ".join(f"`{t['function']}` {t['tottime_s']} s" for t in top)
            )
            lines.append("")
        notes = [f"- {r['pages']} pages: {note}" for note in r.get("notes") or ()]
        lines += [*notes, ""] if notes else []  # a list ends before the next paragraph
    return "\n".join(lines).rstrip() + "\n"


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
