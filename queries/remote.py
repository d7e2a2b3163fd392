"""Queries on any SPARQL 1.1 endpoint: `run_remote` gives what `run_query` gives locally.

The query text goes out as the SPARQL 1.1 Protocol's `query` form field, with the
project's prefixes declared in front (those the query does not declare itself) and its
parameters bound by a VALUES block opening its WHERE group, so that they are joined
before anything is grouped, as the embedded store's substitutions are (a trailing VALUES
clause is joined after grouping, and Virtuoso answers it with the constant in every row).
The terms are those `bind_params` gives the embedded store, written by one function,
`sparql_term`, in N-Triples form, whose escaping is also SPARQL's. The answer is read by
pyoxigraph's parsers, so rows come back through the same `read_answer` as on the embedded
store.
"""

from __future__ import annotations

import re

import httpx
import pyoxigraph as ox

from tnkg.errors import QueryError
from tnkg.kg.remote import RemoteError, client, send
from tnkg.queries.params import PROJECT_TITLES
from tnkg.queries.runner import (
    QueryResult,
    StoredQuery,
    bind_params,
    check_language,
    query_prefixes,
    read_answer,
)
from tnkg.queries.sparql_text import query_form, where_group_start

# what to ask for: SPARQL results for SELECT and ASK, RDF for CONSTRUCT and DESCRIBE
# (Virtuoso answers a CONSTRUCT with a table when a table is accepted)
ACCEPT_RESULTS = "application/sparql-results+json"
ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
# Virtuoso answers an ASK asked for JSON with one row of this variable instead of a boolean
_VIRTUOSO_ASK = "__ask_retval"


def sparql_term(term: ox.NamedNode | ox.Literal) -> str:
    """An RDF term as SPARQL text: `<iri>` (pyoxigraph has checked the IRI) or a quoted,
    escaped literal with its datatype or language.

    >>> sparql_term(ox.Literal('say "hi"\\n'))
    '"say \\\\"hi\\\\"\\\\n"'
    """
    if not isinstance(term, ox.NamedNode | ox.Literal):
        raise TypeError(f"not a term to bind: {term!r}")
    return str(term)


def bind_in_text(text: str, bindings: dict[ox.Variable, ox.NamedNode | ox.Literal]) -> str:
    r"""The query with a VALUES block binding each variable to its term at the start of its
    WHERE group.

    >>> bind_in_text("SELECT ?c WHERE { ?x ?p ?c }", {ox.Variable("c"): ox.Literal("NO")})
    'SELECT ?c WHERE {\nVALUES (?c) { ("NO") }\n ?x ?p ?c }'
    """
    if not bindings:
        return text
    start = where_group_start(text)
    if start is None:
        raise QueryError("the query has no WHERE group to bind its parameters in")
    names = " ".join(f"?{variable.value}" for variable in bindings)
    terms = " ".join(sparql_term(term) for term in bindings.values())
    return f"{text[:start]}\nVALUES ({names}) {{ ({terms}) }}\n{text[start:]}"


def with_prefixes(text: str, prefixes: dict[str, str]) -> str:
    """The query with a PREFIX line for each of `prefixes` it does not declare itself."""
    declared = {name or "" for name in _DECLARED.findall(text)}
    lines = [f"PREFIX {name}: <{iri}>" for name, iri in prefixes.items() if name not in declared]
    return "\n".join([*lines, text])


def remote_text(query: StoredQuery, bindings) -> str:
    """What is sent for a query: prefixes, the query, its parameters."""
    return with_prefixes(bind_in_text(query.text, bindings), query_prefixes())


def run_remote(
    endpoint: str, query: StoredQuery | str, params: dict[str, str] | None = None, *,
    auth: httpx.Auth | None = None, timeout: float = 300.0, lang: str = "en",
) -> QueryResult:
    """Run a bundled (StoredQuery) or ad hoc query on a SPARQL endpoint, as `run_query`."""
    check_language(lang)

    def titles() -> list[str]:  # of the endpoint's projects, for a `project` parameter
        answer = run_remote(endpoint, PROJECT_TITLES, auth=auth, timeout=timeout)
        return [title for (title,) in answer.rows]

    query, bindings = bind_params(query, params, titles)
    graph = query_form(query.text) in ("CONSTRUCT", "DESCRIBE")
    accept = ACCEPT_GRAPH if graph else ACCEPT_RESULTS
    with client(auth, timeout=timeout) as http:
        response = send(http, "POST", endpoint, data={"query": remote_text(query, bindings)},
                        headers={"Accept": accept})
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if media in ("application/sparql-results+json", "application/json"):
            answer = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
            if (isinstance(answer, ox.QuerySolutions)
                    and [v.value.lower() for v in answer.variables] == [_VIRTUOSO_ASK]):
                answer = any(row[0].value not in ("0", "false") for row in answer)
        else:
            rdf_format = ox.RdfFormat.from_media_type(media)
            if rdf_format is None:
                raise RemoteError(f"{endpoint} answered in {media or 'no media type'}, "
                                  "which is neither SPARQL results nor RDF")
            answer = [ox.Triple(q.subject, q.predicate, q.object)
                      for q in ox.parse(response.content, format=rdf_format)]
    except SyntaxError as error:
        raise RemoteError(f"{endpoint}: the answer does not read as {media}: {error}") from None
    return read_answer(answer, query, lang=lang)
