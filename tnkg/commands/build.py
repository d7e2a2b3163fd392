"""`tnkg build`: pages -> records -> the knowledge graph, its store and files."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from tnkg.commands import import_extra
from tnkg.errors import BuildError, TnkgError
from tnkg.kg.iri import DEFAULT_BASE_IRI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Read project pages (files or folders; default: the bundled sample), extract records "
        "(only pages whose content changed since the last build in DIR), and write DIR/store "
        "(pyoxigraph), graph.ttl, graph.trig, records.json, void.ttl (the dataset's VoID and "
        "DCAT description), report.json, network.json.gz (the network `tnkg analyze` reads) "
        "and graph.html."
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="page files or folders")
    parser.add_argument("--out", default="tnkg-out", metavar="DIR", help="output folder")
    parser.add_argument(
        "--base-iri", default=DEFAULT_BASE_IRI, metavar="IRI", help="base of the data IRIs"
    )
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
        help="extraction processes (default: number of cores)",
    )
    parser.add_argument(
        "--include-contacts", action="store_true",
        help="put contact names, e-mail addresses and phone numbers in the graph and records",
    )
    parser.add_argument("--spacy-model", metavar="NAME", help="spaCy model of the places finder")
    parser.add_argument(
        "--exclude-places", metavar="FILE",
        help="drop the place ties a CSV lists (columns written, place_id: a trimmed copy of "
        "`tnkg extract --review`)",
    )
    parser.add_argument("--license", metavar="IRI", dest="license_iri",
                        help="the licence of the data, for void.ttl (default: CC0 1.0)")
    parser.add_argument(
        "--prune", action="store_true",
        help="drop the pages of the previous graph that are not among the inputs even when "
             "some input could not be read (without it, such a build removes nothing)",
    )


def _write_derived_files(folder: Path) -> list[str]:
    """The files the build derives from the graph in `folder`: the network `tnkg analyze`
    reads, and graph.html when the viz extra is installed (a build needs no pictures;
    without them an older graph.html is removed, as it no longer fits)."""
    from tnkg.queries.network_file import write_network_file

    written = write_network_file(folder)
    try:
        import_extra("tnkg.viz.page", "viz")
    except TnkgError as error:
        print(f"tnkg build: graph.html not written: {error}", file=sys.stderr)
        return written
    import_extra("tnkg.viz.pictures", "viz").write_picture(folder)
    return [*written, "graph.html"]


def _notice(line: str) -> None:
    print(f"tnkg build: {line}", file=sys.stderr)


def summary(report) -> str:
    """The line a build ends with: what was built from which inputs."""
    counts = report.counts
    read = report.pages + report.exports
    inputs = [f"{report.pages} page{'s' if report.pages != 1 else ''}"]
    if report.exports:
        inputs.append(
            f"{report.exports} project-bank export{'s' if report.exports != 1 else ''} "
            f"({report.export_rows} rows)"
        )
    done = [f"{report.pages_extracted} extracted", f"{report.pages_cached} cached"]
    if report.pages_kept:
        done.append(f"{len(report.pages_kept)} kept from the previous graph")
    if report.pages_removed:
        done.append(f"{len(report.pages_removed)} removed")
    return (
        f"built {counts['projects']} projects from {' and '.join(inputs)}; {read} of "
        f"{report.files} input files read ({', '.join(done)}): {counts['triples']} triples, "
        f"{counts['organisations']} organisations, {counts['place_ties']} place ties in "
        f"{report.out_dir}/ ({report.timings['total_s']:.1f} s)"
    )


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    from tnkg.build import build_graph
    from tnkg.extract.review import read_exclusions

    if args.jobs < 1:
        raise BuildError(f"--jobs must be at least 1, not {args.jobs}")
    # SIGTERM (kill, a service manager stopping us) then unwinds like Ctrl-C: the staging
    # files are removed and the CLI reports "interrupted" instead of dying mid-write
    signal.signal(signal.SIGTERM, _raise_interrupt)
    report = build_graph(
        args.paths or None,
        out_dir=args.out,
        base_iri=args.base_iri,
        jobs=args.jobs,
        include_contacts=args.include_contacts,
        spacy_model=args.spacy_model,
        exclude_places=read_exclusions(args.exclude_places) if args.exclude_places else frozenset(),
        license_iri=args.license_iri,
        prune=args.prune,
        pages_writer=_write_derived_files,
        notice=_notice,
    )
    for path, message in report.errors.items():
        print(f"tnkg build: {path}: {message}", file=sys.stderr)
    if report.unchanged:
        print(
            f"tnkg build: no input could be read: {args.out}/ keeps the graph it had",
            file=sys.stderr,
        )
        return 2
    if report.stale_removed:
        _notice(
            f"removed {', '.join(report.stale_removed)}: made from the previous graph "
            "(run `tnkg analyze` again)"
        )
    print(summary(report))
    return 2 if report.errors else 0
