"""Score tnkg's places finder on the hand-annotated dev set, by split and by role.

    python tests/data/devset/score.py [--csv CSV] [--gold DIR] [--doc README.md]

Extracts the rows of rows.tsv from Tillväxtverket's export (default: the shared copy beside
the repository, `../shared/data/`), scores them against gold/ with the shared scorer
(`../shared/tools/score_extract.py`, whose place matching it also uses for the figures by
role) and prints a Markdown table: one line per split (`dev`, `heldout`) and role. With
`--doc FILE` it rewrites the table between the markers `<!-- devset-scores:start -->` and
`<!-- devset-scores:end -->` in FILE instead, so the README's figures come from this script.

Only the totals of the `heldout` split are ever printed: its rows are not studied, so its
score stays an honest estimate of the score on text nobody has seen.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SHARED = REPO.parent / "shared"
CSV_NAME = "tillvaxtverket-projektbanken-2007-2013.csv"
ROLES = ("partner", "planned", "related")
START, END = "<!-- devset-scores:start -->", "<!-- devset-scores:end -->"


def read_splits() -> dict[str, str]:
    """arende_id -> split (`dev` or `heldout`), from rows.tsv."""
    lines = (HERE / "rows.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {line.split("\t")[0]: line.split("\t")[2] for line in lines if line.strip()}


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score_extract", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extract_rows(csv_path: Path, ids: set[str], workdir: Path) -> list[dict]:
    """`tnkg extract` of the export's rows with these ids (a file of the same name holding
    only them, so that sources match the gold's)."""
    with csv_path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    column = header.index("arende_id")
    subset = workdir / CSV_NAME
    with subset.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(row for row in reader if row and row[column] in ids)
    pred = workdir / "pred.json"
    subprocess.run(
        [sys.executable, "-m", "tnkg.cli", "extract", str(subset), "--json", "-o", str(pred)],
        check=True,
    )
    return json.loads(pred.read_text(encoding="utf-8"))


def score_split(scorer_path: Path, gold_files: list[Path], pred: Path, workdir: Path) -> dict:
    """The shared scorer's totals for these gold files."""
    folder = workdir / f"gold-{len(gold_files)}-{gold_files[0].stem}"
    folder.mkdir()
    for path in gold_files:
        (folder / path.name).write_bytes(path.read_bytes())
    result = subprocess.run(
        [sys.executable, str(scorer_path), "--gold", str(folder), "--pred", str(pred), "--json"],
        capture_output=True, text=True, check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def by_role(scorer, golds: list[dict], preds: dict[str, dict]) -> dict[str, tuple[int, int, int]]:
    """role -> (true positives, false positives, false negatives), matched as the shared
    scorer matches places (a predicted place of role R counts for R only)."""
    counts = {role: [0, 0, 0] for role in ROLES}
    for gold in golds:
        rec = preds.get(gold["source"]) or {}
        preds_here = [p for p in rec.get("places") or [] if p.get("role") in ROLES]
        unscored = {scorer.norm(n).lower() for n in gold.get("places_unscored", [])}
        implied = {(p.get("country") or "").upper() for p in gold.get("places", [])
                   if p.get("kind") in ("city", "region")}
        used = set()
        for gp in gold.get("places", []):
            hit = next((i for i, rp in enumerate(preds_here)
                        if i not in used and scorer.same_place(gp, rp)), None)
            if hit is None:
                counts[gp["role"]][2] += 1
                continue
            used.add(hit)
            if preds_here[hit]["role"] == gp["role"]:
                counts[gp["role"]][0] += 1
            else:
                counts[gp["role"]][2] += 1
                counts[preds_here[hit]["role"]][1] += 1
        for i, rp in enumerate(preds_here):
            if i in used:
                continue
            swedish = (rp.get("country") or "").upper() == "SE"
            if not swedish and scorer.names_of(rp) & unscored:
                continue
            if not swedish and rp.get("kind") == "country" and rp.get("country") in implied:
                continue
            counts[rp["role"]][1] += 1
    return {role: tuple(c) for role, c in counts.items()}


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def measure(csv_path: Path, gold_dir: Path, scorer_path: Path) -> dict[str, dict]:
    """split -> {"total": scorer totals, "roles": role -> (tp, fp, fn), "rows": n}."""
    scorer = load_scorer(scorer_path)
    splits = read_splits()
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise SystemExit(f"no gold files in {gold_dir}")
    with tempfile.TemporaryDirectory(prefix="tnkg-devset-") as tmp:
        workdir = Path(tmp)
        records = extract_rows(csv_path, {f.stem for f in gold_files}, workdir)
        pred = workdir / "pred.json"
        preds = {Path(r["source"]).name: r for r in records}
        out = {}
        for split in ("dev", "heldout"):
            files = [f for f in gold_files if splits.get(f.stem) == split]
            if not files:
                continue
            golds = [json.loads(f.read_text(encoding="utf-8")) for f in files]
            out[split] = {
                "rows": len(files),
                "total": score_split(scorer_path, files, pred, workdir),
                "roles": by_role(scorer, golds, preds),
            }
    return out


def table(results: dict[str, dict]) -> str:
    """The scores as a Markdown table."""
    lines = [
        "| split | rows | role | gold | found | P | R | F1 |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for split, result in results.items():
        for role, (tp, fp, fn) in result["roles"].items():
            p, r, f = _prf(tp, fp, fn)
            lines.append(f"| {split} | {result['rows']} | {role} | {tp + fn} | {tp + fp} | "
                         f"{p:.2f} | {r:.2f} | {f:.2f} |")
        total = result["total"]
        lines.append(
            f"| {split} | {result['rows']} | **all (role must match)** | | | "
            f"{total['places_precision']:.2f} | {total['places_recall']:.2f} | "
            f"**{total['places_f1']:.2f}** |"
        )
    return "\n".join(lines) + "\n"


def replace_block(doc: Path, block: str) -> None:
    text = doc.read_text(encoding="utf-8")
    head, start, rest = text.partition(START)
    _old, end, tail = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"{doc}: no {START} ... {END} block to fill")
    doc.write_text(f"{head}{START}\n{block}{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=SHARED / "data" / CSV_NAME)
    parser.add_argument("--gold", type=Path, default=HERE / "gold")
    parser.add_argument("--scorer", type=Path, default=SHARED / "tools" / "score_extract.py")
    parser.add_argument("--doc", type=Path, help="rewrite the scores block of this file")
    args = parser.parse_args(argv)
    block = table(measure(args.csv, args.gold, args.scorer))
    if args.doc:
        replace_block(args.doc, block)
    else:
        sys.stdout.write(block)


if __name__ == "__main__":
    main()
