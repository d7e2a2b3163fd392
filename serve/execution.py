"""One query run against the store and its answer serialised: the work of a worker process.

Jobs and replies are small frozen dataclasses, so that they travel between the
server and its worker processes by pickling. A SPARQL query is answered in the
format content negotiation chose (SPARQL results or an RDF graph); a bundled
query by name is answered with the query runner's rows as JSON.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from tnkg.errors import QueryError
from tnkg.kg.export import turtle_text, used_prefixes
from tnkg.kg.iri import DEFAULT_BASE_IRI
from tnkg.queries.formats import format_result
from tnkg.queries.runner import load_query, query_prefixes, run_query
from tnkg.queries.sparql_text import uses_service
from tnkg.serve.config import DEFAULT_MAX_RESULTS
from tnkg.serve.negotiation import (
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    NotAcceptable,
    choose_format,
)

TEXT = "text/plain; charset=utf-8"
# what /queries/NAME answers in: media type -> format of the query runner
STORED_FORMATS = {"application/json": "json", "text/csv": "csv",
                  "text/tab-separated-values": "tsv"}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True, slots=True)
class QueryJob:
    """One SPARQL query as it travels to a worker process."""

    query: str
    accept: str = ""
    format_name: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_results: int = DEFAULT_MAX_RESULTS
    base_iri: str = DEFAULT_BASE_IRI  # of the build: its data prefixes are predeclared


@dataclass(frozen=True, slots=True)
class StoredJob:
    """A bundled query (queries/*.rq) by name, with its parameter values."""

    name: str
    params: tuple[tuple[str, str], ...] = ()
    max_results: int = DEFAULT_MAX_RESULTS
    media_type: str = "application/json"  # or text/csv, text/tab-separated-values


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer as it travels back from a worker process."""

    status: int
    media_type: str
    body: bytes

    @classmethod
    def error(cls, status: int, message: str) -> Reply:
        return cls(status, TEXT, (message + "\n").encode("utf-8"))


def _term_json(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _term_json(term.subject),
            "predicate": _term_json(term.predicate),
            "object": _term_json(term.object),
        },
    }


def _solutions_json(variables: list[ox.Variable], rows: list[ox.QuerySolution]) -> bytes:
    names = [variable.value for variable in variables]
    bindings = [
        {name: _term_json(term) for name, term in zip(names, row, strict=True) if term is not None}
        for row in rows
    ]
    document = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _too_many(job: QueryJob | StoredJob, what: str) -> Reply:
    return Reply.error(
        422,
        f"the result has more than {job.max_results} {what}, the server's limit; "
        "add a LIMIT to the query or start the server with a larger --max-results",
    )


def _serialize(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
               job: QueryJob) -> Reply:
    if isinstance(result, ox.QueryTriples):
        media = choose_format("graph", job.accept, job.format_name)
        # One past the limit tells "exactly at the limit" from "over it".
        triples = list(islice(result, job.max_results + 1))
        if len(triples) > job.max_results:
            return _too_many(job, "triples")
        prefixes = query_prefixes(job.base_iri)
        if GRAPH_FORMATS[media] == ox.RdfFormat.TURTLE:
            body = turtle_text(triples, prefixes).encode("utf-8")
        else:
            body = ox.serialize(triples, format=GRAPH_FORMATS[media],
                                prefixes=used_prefixes(triples, prefixes))
        return Reply(200, media, body)
    media = choose_format("solutions", job.accept, job.format_name)
    if isinstance(result, ox.QueryBoolean):
        return Reply(200, media, result.serialize(format=SOLUTION_FORMATS[media]))
    # Rows are counted before anything is written, so the size limit holds for every
    # format; pyoxigraph then writes the format from the JSON form of the kept rows.
    rows = list(islice(result, job.max_results + 1))
    if len(rows) > job.max_results:
        return _too_many(job, "rows")
    body = _solutions_json(result.variables, rows)
    if media != "application/sparql-results+json":
        solutions = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        body = solutions.serialize(format=SOLUTION_FORMATS[media])
    return Reply(200, media, body)


def execute_query(store: ox.Store, job: QueryJob) -> Reply:
    """Run one query against the store and serialise the answer the client asked for."""
    if uses_service(job.query):
        return Reply.error(400, "SERVICE (federated query) is disabled on this endpoint")
    options: dict = {}
    try:
        if job.named_graphs:
            options["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs]
        if job.default_graphs:
            options["default_graph"] = [ox.NamedNode(iri) for iri in job.default_graphs]
        else:
            options["use_default_graph_as_union"] = True
    except ValueError as error:
        return Reply.error(400, f"bad graph IRI: {error}")
    try:
        result = store.query(job.query, prefixes=query_prefixes(job.base_iri), **options)
    except SyntaxError as error:
        return Reply.error(400, f"malformed query: {error}")
    try:
        return _serialize(result, job)
    except NotAcceptable as error:
        return Reply.error(406, str(error))
    except (RuntimeError, ValueError, TypeError) as error:
        return Reply.error(400, f"query failed: {error}")
    except OSError as error:
        return Reply.error(500, f"the store could not be read: {error}")


_STORED_NAME = re.compile(r"[A-Za-z0-9_-]+")


def execute_stored(store: ox.Store, job: StoredJob) -> Reply:
    """Run a bundled query with its parameters bound by the query runner, as JSON rows."""
    # load_query also takes file paths; over HTTP only bundled names are allowed.
    if not _STORED_NAME.fullmatch(job.name):
        return Reply.error(404, f"unknown query {job.name!r}; see /queries")
    try:
        result = run_query(store, load_query(job.name), dict(job.params))
    except QueryError as error:
        return Reply.error(404 if "unknown query" in str(error) else 400, str(error))
    if len(result.rows) > job.max_results:
        return _too_many(job, "rows")
    body = format_result(result, STORED_FORMATS[job.media_type]).encode("utf-8")
    return Reply(200, job.media_type, body)
