"""`tnkg analyze`: partner-overlap network analysis of the built graph with networkx."""

from __future__ import annotations

import argparse
import time

HELP = "partner-overlap network analysis with networkx"


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


def run(args: argparse.Namespace) -> int:
    from tnkg.queries.analysis import analyze_store
    from tnkg.queries.runner import open_store

    started = time.perf_counter()
    summary = analyze_store(open_store(args.out), args.out)
    for line in summary.lines():
        print(line)
    print(f"took {time.perf_counter() - started:.1f} s")
    return 0
