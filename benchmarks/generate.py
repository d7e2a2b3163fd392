"""Generate the benchmark corpus at any size: project-bank pages (benchmarks/pages.py) and,
for one item in every few, a row of a Tillväxtverket export (benchmarks/export_rows.py).

Item i depends only on (seed, i), never on the corpus size, so a size always gives
the same corpus, a larger corpus starts with the smaller one, and items can be
generated lazily or in parallel.

    python -m benchmarks.generate --pages 20 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks.export_rows import export_name, export_row, is_export_row, write_export
from benchmarks.pages import generate_page
from benchmarks.vocabulary import load_vocabulary

GENERATOR_VERSION = 3  # bump when the items a seed gives change, so cached corpora are remade


def page_name(index: int) -> str:
    return f"gen_{index:06d}.txt"


def corpus_files(out_dir: Path, first: int, last: int) -> list[Path]:
    """The files of items `first` to `last - 1`: their pages, then the exports holding
    their rows."""
    pages = [out_dir / page_name(i) for i in range(first, last) if not is_export_row(i)]
    exports = dict.fromkeys(out_dir / export_name(i) for i in range(first, last)
                            if is_export_row(i))
    return pages + list(exports)


def _write_pages(args: tuple[str, int, int, int]) -> None:
    out, start, stop, seed = args
    for index in range(start, stop):
        if not is_export_row(index):
            (Path(out) / page_name(index)).write_text(generate_page(index, seed=seed), "utf-8")


def write_corpus(
    out_dir: Path, pages: int, *, seed: int = 0, jobs: int = 1, first: int = 0
) -> list[Path]:
    """Write items `first` to `first + pages - 1` of the corpus of `seed` into `out_dir`
    (reused when already there) and return their files: from 0, the corpus of `pages`
    items; from its end, the items a larger corpus adds to it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = out_dir / "corpus.json"
    wanted = {
        "pages": pages,
        "first": first,
        "seed": seed,
        "generator": GENERATOR_VERSION,
        "municipalities": len(load_vocabulary().municipalities),
    }
    last = first + pages
    paths = corpus_files(out_dir, first, last)
    reusable = manifest.exists() and json.loads(manifest.read_text()) == wanted
    if reusable and all(p.exists() for p in paths):
        return paths
    step = max(1, min(500, pages // max(1, jobs * 4) or 1))
    chunks = [(str(out_dir), a, min(a + step, last), seed) for a in range(first, last, step)]
    if jobs > 1 and len(chunks) > 1:
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(_write_pages, chunks))
    else:
        for chunk in chunks:
            _write_pages(chunk)
    rows: dict[str, list[dict[str, str]]] = {}
    for index in range(first, last):
        if is_export_row(index):
            rows.setdefault(export_name(index), []).append(export_row(index, seed=seed))
    for name, found in rows.items():
        write_export(out_dir / name, found)
    manifest.write_text(json.dumps(wanted))
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    paths = write_corpus(args.out, args.pages, seed=args.seed, jobs=args.jobs)
    exports = [p for p in paths if p.suffix == ".csv"]
    rows = sum(map(is_export_row, range(args.pages)))
    print(f"{len(paths) - len(exports)} pages and {rows} export rows in {len(exports)} files "
          f"in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
