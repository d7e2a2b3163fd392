"""`tnkg viz`: draw a view of the partnership network as an offline page or a static figure."""

from __future__ import annotations

import argparse
import re

from tnkg.commands import import_extra
from tnkg.errors import TnkgError
from tnkg.extract.vocabulary import NETWORK_ROLES, NODE_KINDS
from tnkg.viz import pictures, views

_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|px)\s*$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Read the graph built in DIR (`tnkg build`) and draw a view of the partnership "
        "network on a map of Europe: an interactive page (default DIR/graph.html; node kinds "
        "by shape and colour, edges by role, tooltips with the facts and evidence sentences, "
        "filters and search; it works offline) or, with --format png|svg|pdf, a static figure "
        "for a paper (map, nodes, labels, legend, title, source line). Views: the whole graph "
        "(or an ego view with --focus), the country summary, municipalities and the places "
        "abroad they reach, the funds side by side. Past --node-limit nodes the graph view "
        "shows the country summary."
    )
    parser.add_argument("--out", metavar="DIR", default="tnkg-out",
                        help="directory of the built graph (default: tnkg-out)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="file to write (default: DIR/graph.html, or DIR/graph.FORMAT)")
    parser.add_argument("--view", choices=list(views.VIEWS), default="graph",
                        help="graph: the network (default); countries: countries abroad by "
                             "projects; municipalities: Swedish municipalities and the cities "
                             "and regions abroad they reach; funds: ESF, ERDF and Interreg "
                             "side by side")
    parser.add_argument("--format", choices=pictures.FORMATS, default=None,
                        help="html (default, or as the suffix of -o says), or a static figure: "
                             "png, svg, pdf")
    parser.add_argument("--width", metavar="LENGTH", default=None,
                        help="figure width: 88mm (a journal column), 180mm (a page; the "
                             "default), 7in, or 1600px (pixels at --dpi)")
    parser.add_argument("--height", metavar="LENGTH", default=None,
                        help="figure height (default: as the map's frame needs)")
    parser.add_argument("--dpi", type=float, default=None, metavar="N",
                        help="figure resolution in dots per inch (default: 300)")
    parser.add_argument("--focus", metavar="NAME|IRI",
                        help="ego view around a project, organisation, municipality or place "
                             "(IRI, exact name, or a unique part of the name)")
    parser.add_argument("--depth", type=int, default=2, metavar="N",
                        help="steps from --focus to include (default: 2)")
    parser.add_argument("--kinds", nargs="+", choices=NODE_KINDS, metavar="KIND",
                        help=f"node kinds to draw: {', '.join(NODE_KINDS)} (default: all)")
    parser.add_argument("--roles", nargs="+", choices=NETWORK_ROLES, metavar="ROLE",
                        help=f"edge roles to draw: {', '.join(NETWORK_ROLES)} (default: all)")
    parser.add_argument("--summary", action="store_true",
                        help="the country summary whatever the size (as --view countries)")
    parser.add_argument("--node-limit", type=int, default=None, metavar="N",
                        help="past this many nodes the graph view draws the country summary "
                             "(default: 2000)")


def parse_length(text: str, dpi: float) -> float:
    """A length such as 88mm, 7in or 1600px, in inches.

    >>> parse_length("88mm", 300), parse_length("1600px", 200)
    (3.4645669291338583, 8.0)
    """
    match = _LENGTH.match(text)
    if not match:
        raise TnkgError(f"length {text!r}: give a number and a unit, as 88mm, 7in or 1600px")
    value, unit = float(match.group(1)), match.group(2)
    inches = {"mm": value / 25.4, "cm": value / 2.54, "in": value, "px": value / dpi}[unit]
    if inches <= 0:
        raise TnkgError(f"length {text!r} must be more than 0")
    return inches


def run(args: argparse.Namespace) -> int:
    fmt = pictures.picture_format(args.output, args.format)
    import_extra("tnkg.viz.page" if fmt == "html" else "tnkg.viz.figure", "viz")
    dpi = args.dpi if args.dpi is not None else 300.0
    size = None
    if args.width is not None or args.height is not None:
        size = (parse_length(args.width or "180mm", dpi),
                parse_length(args.height, dpi) if args.height else None)
    picture = pictures.write_picture(
        args.out,
        out_file=args.output,
        fmt=fmt,
        view="countries" if args.summary else args.view,
        focus=args.focus,
        depth=args.depth,
        kinds=args.kinds,
        roles=args.roles,
        node_limit=views.NODE_LIMIT if args.node_limit is None else args.node_limit,
        size=size,
        dpi=dpi,
    )
    print(f"wrote {picture.path}: {picture.view}, {picture.nodes} nodes, {picture.edges} edges")
    for note in picture.notes:
        print(f"  {note}")
    return 0
