"""`tnkg analyze`: partner-overlap network analysis of the built graph with networkx."""

from __future__ import annotations

import argparse
import time

from tnkg.errors import QueryError

MAX_PAIRS = 100_000  # rows of overlaps.csv a researcher can still open in a spreadsheet


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Read the graph built in DIR (`tnkg build`) and write into DIR: overlaps.csv (project "
        "pairs with their shared organisations, cities and countries and Jaccard overlap), "
        "centrality.csv (degree and betweenness of projects, organisations and places), "
        "communities.json (Louvain, fixed seed; connected components), and graph.graphml and "
        "graph.gexf (the partnership network, for Gephi and Cytoscape)."
    )
    parser.add_argument("--out", metavar="DIR", default="tnkg-out",
                        help="directory of the built graph, and of the files written "
                             "(default: tnkg-out)")
    parser.add_argument("--max-pairs", type=int, default=MAX_PAIRS, metavar="N",
                        help="list at most N project pairs in overlaps.csv, those sharing most; "
                             "all pairs are counted either way; 0: list every pair "
                             f"(default: {MAX_PAIRS})")
    parser.add_argument("--country-pairs", action="store_true",
                        help="also write country-pairs.csv: every project pair sharing a "
                             "partner country (the complete form of the query "
                             "shared-partner-countries; 2.7 million rows at 10,000 pages)")


def run(args: argparse.Namespace) -> int:
    from tnkg.kg.store import open_store
    from tnkg.queries.analysis import analyze_store
    from tnkg.queries.network_file import read_network_file

    if args.max_pairs < 0:
        raise QueryError(f"--max-pairs must be 0 (every pair) or more, not {args.max_pairs}")
    started = time.perf_counter()
    summary = analyze_store(open_store(args.out), args.out, max_pairs=args.max_pairs or None,
                            country_pairs=args.country_pairs,
                            network=read_network_file(args.out))
    for line in summary.lines():
        print(line)
    print(f"took {time.perf_counter() - started:.1f} s")
    return 0
