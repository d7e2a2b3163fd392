"""`tnkg extract`: parse project pages into records, printed as JSON or as a summary."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tnkg.errors import ExtractError
from tnkg.extract.pipeline import default_corpus, extract_paths
from tnkg.extract.record import ProjectRecord, record_to_json
from tnkg.extract.review import read_exclusions, review_rows, write_review
from tnkg.files import atomic_writer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Read ESF project-bank pages (.txt, .html; folders are searched recursively) and "
        "print one record per page: a short summary, or with --json the JSON array of the "
        "published record format, or with --review the places found for a reader to check. "
        "Without PATH, reads the bundled sample corpus. "
        "Exit status 0 when every page was read, 2 when some failed."
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="page files or folders")
    parser.add_argument("--json", action="store_true", help="print the records as a JSON array")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout"
    )
    parser.add_argument(
        "--spacy-model",
        metavar="NAME",
        help="an installed spaCy pipeline (name or path) to help find places; never downloaded",
    )
    parser.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="parse in N processes (default 1)"
    )
    parser.add_argument(
        "--review", action="store_true",
        help="print, as CSV, every distinct written form of a place found -> the place, its "
        "country, role counts and one evidence sentence, most doubtful first",
    )
    parser.add_argument(
        "--exclude-places", metavar="FILE",
        help="drop the place ties a CSV lists (columns written, place_id: a trimmed copy of "
        "the --review output)",
    )


def run(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        raise ExtractError(f"--jobs must be at least 1, not {args.jobs}")
    paths = args.paths or default_corpus()
    exclusions = read_exclusions(args.exclude_places) if args.exclude_places else frozenset()
    result = extract_paths(paths, jobs=args.jobs, spacy_model=args.spacy_model,
                           exclusions=exclusions)
    if args.review:
        text = write_review(review_rows(result.records))
    elif args.json:
        text = json.dumps(
            [record_to_json(rec) for rec in result.records], ensure_ascii=False, indent=2
        ) + "\n"
    else:
        text = "".join(summarize(rec) for rec in result.records)
        text += f"{len(result.records)} records, {len(result.errors)} files failed\n"
    if args.output:
        write_output(Path(args.output), text)
    else:
        sys.stdout.write(text)
    for _, message in result.errors:
        print(f"tnkg extract: {message}", file=sys.stderr)
    return 2 if result.errors else 0


def summarize(rec: ProjectRecord) -> str:
    """A few lines about one record, for people reading the terminal."""
    period = f"{rec.start_date or '?'} – {rec.end_date or '?'}"
    if not (rec.start_date or rec.end_date):
        period = "(none)"
    lines = [
        f"{rec.source}",
        f"  title:  {rec.title or '(none)'}",
        f"  owner:  {rec.owner or '(none)'}",
        f"  period: {period}   layout: {rec.layout}",
        f"  lists:  {len(rec.co_financiers)} co-financiers, {len(rec.partners)} partners, "
        f"{len(rec.participants)} participants, {len(rec.municipalities)} municipalities",
        f"  places: {len(rec.places)}   sections: {len(rec.sections)}   "
        f"warnings: {len(rec.warnings)}",
    ]
    return "\n".join(lines) + "\n\n"


def write_output(path: Path, text: str) -> None:
    """Write the records to `path` whole or not at all; a failure is one line naming the file.
    A folder that does not exist is an error, not created: it is more often a typo."""
    if not path.parent.is_dir():
        raise ExtractError(f"{path}: cannot write (no folder {path.parent})")
    try:
        with atomic_writer(path, text=True) as out:
            out.write(text)
    except OSError as error:
        raise ExtractError(f"{path}: cannot write ({error.strerror or error})") from None
