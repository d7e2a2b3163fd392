"""A query's result as text: an aligned table, CSV, TSV or JSON; a graph (CONSTRUCT,
DESCRIBE) as Turtle, N-Triples, compacted JSON-LD or RDF/XML with the project's prefixes."""

from __future__ import annotations

import csv
import io
import json
import shutil
from typing import Any

import pyoxigraph as ox

from tnkg.errors import QueryError
from tnkg.kg.export import turtle_text, used_prefixes
from tnkg.kg.iri import DEFAULT_BASE_IRI
from tnkg.kg.jsonld import write_jsonld
from tnkg.queries.runner import QueryResult, query_prefixes

# the formats of a table of results (SELECT, ASK) and of a graph (CONSTRUCT, DESCRIBE)
TABLE_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
FORMATS = (*TABLE_FORMATS, *GRAPH_FORMATS)



def format_result(
    result: QueryResult, fmt: str, *, width: int | None = None,
    base_iri: str = DEFAULT_BASE_IRI,
) -> str:
    """The result as text: an aligned table, CSV, TSV or JSON (`QueryResult.as_json`); a
    graph as Turtle (also for `table`), N-Triples, compacted JSON-LD or RDF/XML."""
    if result.triples is not None:
        return format_graph(result, "ttl" if fmt == "table" else fmt, base_iri=base_iri)
    if fmt in GRAPH_FORMATS:
        raise QueryError(f"{result.query}: the query gives a table, not a graph; use one of "
                         f"{', '.join(TABLE_FORMATS)}")
    if result.boolean is not None and fmt == "table":
        return f"{str(result.boolean).lower()}\n"
    if fmt == "table":
        return format_table(result, width=width)
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(["" if v is None else v for v in row] for row in result.rows)
        return buffer.getvalue()
    if fmt == "json":
        return json.dumps(result.as_json(), ensure_ascii=False) + "\n"
    raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def format_graph(result: QueryResult, fmt: str, *, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """A CONSTRUCT or DESCRIBE result in an RDF format, with the project's prefixes."""
    if fmt not in GRAPH_FORMATS:
        raise QueryError(f"{result.query}: the query gives a graph; use one of "
                         f"{', '.join(GRAPH_FORMATS)}")
    triples = sorted(set(result.triples or ()), key=str)
    if fmt == "jsonld":
        buffer = io.BytesIO()
        write_jsonld(triples, buffer, base_iri=base_iri)
        return buffer.getvalue().decode("utf-8")
    if fmt == "ttl":
        return turtle_text(triples, query_prefixes(base_iri))
    prefixes = used_prefixes(triples, query_prefixes(base_iri))
    return ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=prefixes).decode("utf-8")


def format_table(result: QueryResult, *, width: int | None = None) -> str:
    """An aligned text table fitting `width` columns (the terminal's by default).

    The widest columns are cut first, long cells end in an ellipsis, numbers
    align right.
    """
    width = width or shutil.get_terminal_size((120, 24)).columns
    cells = [[_cell(v) for v in row] for row in result.rows]
    widths = [
        max([len(col)] + [len(" ".join(r[i].split())) for r in cells])
        for i, col in enumerate(result.columns)
    ]
    budget = max(width - 2 * (len(widths) - 1), 8 * len(widths))
    while sum(widths) > budget:
        widest = max(range(len(widths)), key=widths.__getitem__)
        if widths[widest] <= 8:
            break
        widths[widest] -= 1
    numeric = [
        all(isinstance(row[i], int | float) for row in result.rows if row[i] is not None)
        for i in range(len(result.columns))
    ]

    def line(values: list[str]) -> str:
        out = []
        for i, value in enumerate(values):
            value = _fit(" ".join(value.split()), widths[i])
            right = numeric[i] and bool(result.rows)
            out.append(value.rjust(widths[i]) if right else value.ljust(widths[i]))
        return "  ".join(out).rstrip()

    lines = [line(list(result.columns)), "  ".join("-" * w for w in widths)]
    lines += [line(row) for row in cells]
    count = len(result.rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e6 else f"{value:.0f}"
    return str(value)


def _fit(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"
