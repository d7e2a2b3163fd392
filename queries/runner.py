"""Stored SPARQL queries: find them, read their headers, run them with bound parameters.

A stored query is a `.rq` file opening with a comment header::

    # title: Swedish municipalities linked to cities abroad
    # description: One row per municipality ... (may go on over indented `#   ` lines)
    # params: country (xsd:string, ISO 3166-1 alpha-2 code of the city's country, optional)
    # columns: municipality, code, city, country, project
    # order: project, municipality, country, city

A parameter is a result column the caller fixes: its value is bound to the
query variable of the same name as a typed RDF term through pyoxigraph's
`substitutions` (SEP-0007), never pasted into the query text, so no value can
change what the query does. That is also why every parameter is one of the
columns: Oxigraph substitutes only variables of the SELECT projection.

`order` sorts the rows in the runner, by the given columns, each ascending
unless followed by `desc`, unbound values lowest as in SPARQL. Large results use
it instead of ORDER BY: Oxigraph decodes the compared strings anew at every
comparison, which made ORDER BY cost more than the query itself at 10,000
pages (2.3 s of 3.3 s for 58,815 rows); Python sorts the decoded rows in
milliseconds.

    >>> result = run_query(ox.Store(), load_query("organisations-in-several-projects"), {})
    >>> result.columns, result.rows
    (('organisation', 'projects', 'roles'), ())
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from tnkg.errors import QueryError, did_you_mean
from tnkg.kg.iri import DEFAULT_BASE_IRI, data_prefixes
from tnkg.kg.namespace import PREFIXES
from tnkg.queries.params import PROJECT_TITLES, Titles, match_param

QUERY_DIR = Path(__file__).resolve().parent
XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("xsd:string", "xsd:integer", "xsd:decimal", "xsd:date", "iri")
LANGUAGES = ("en", "sv")  # of the places' names in results (`in_language`)
SWEDISH = "_sv"  # the suffix of a projected variable holding a column's Swedish names
_HEADER_KEYS = ("title", "description", "params", "columns", "order", "heavy", "bounded")
_PARAM_RE = re.compile(r"^\s*([A-Za-z_]\w*)\s*\((.*)\)\s*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class QueryParam:
    name: str
    datatype: str  # one of PARAM_TYPES
    description: str
    required: bool


@dataclass(frozen=True, slots=True)
class StoredQuery:
    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    columns: tuple[str, ...]
    text: str
    path: Path | None = None
    order: tuple[tuple[str, bool], ...] = ()  # (column, descending), most significant first
    # a query over a second at 10,000 pages says why (`heavy`) and names a bundled query
    # that answers a bounded form of its question under a second, with the parameters to
    # give it (`bounded`: name, parameter names)
    heavy: str = ""
    bounded: tuple[str, tuple[str, ...]] | None = None

    def param(self, name: str) -> QueryParam | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True, slots=True)
class QueryResult:
    """The rows of a query as plain values (see `term_to_python`), columns in order; an ASK
    query's answer as `boolean`, a CONSTRUCT or DESCRIBE query's graph as `triples`."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    query: str = ""  # the query's name
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] | None = None

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def as_json(self) -> dict[str, Any]:
        """The one JSON shape of a query result, in `tnkg query --format json` and at
        /queries/NAME: `{"query": NAME, "columns": [...], "rows": [[...], ...]}`.

        >>> QueryResult(("city", "projects"), (("Leeds", 2),), "partner-cities").as_json()
        {'query': 'partner-cities', 'columns': ['city', 'projects'], 'rows': [['Leeds', 2]]}
        """
        if self.boolean is not None:
            return {"query": self.query, "boolean": self.boolean}
        return {"query": self.query, "columns": list(self.columns),
                "rows": [list(row) for row in self.rows]}


# --------------------------------------------------------------------------- finding queries


def list_queries() -> list[StoredQuery]:
    """The bundled queries, sorted by name."""
    return [load_query(path) for path in sorted(QUERY_DIR.glob("*.rq"))]


def load_query(name_or_path: str | Path) -> StoredQuery:
    """A bundled query by name (`shared-partner-countries`) or a `.rq` file by path."""
    text_name = str(name_or_path)
    if isinstance(name_or_path, Path) or text_name.endswith(".rq") or "/" in text_name:
        path = Path(name_or_path)
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
    else:
        path = QUERY_DIR / f"{text_name}.rq"
        if not path.is_file():
            known = [p.stem for p in sorted(QUERY_DIR.glob("*.rq"))]
            hint = did_you_mean(text_name, known) or f"; bundled queries: {', '.join(known)}"
            raise QueryError(f"unknown query {text_name!r}{hint}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(f"{path}: cannot read query: {error}") from error
    return parse_query_text(text, name=path.stem, path=path)


def parse_query_text(text: str, *, name: str, path: Path | None = None) -> StoredQuery:
    """Read the comment header of a query; a file without one gets its name as title."""
    header = _read_header(text, name)
    params = tuple(_parse_param(entry, name) for entry in _split_params(header.get("params", "")))
    columns = tuple(c.strip() for c in header.get("columns", "").split(",") if c.strip())
    for param in params:
        if columns and param.name not in columns:
            raise QueryError(
                f"{name}: parameter {param.name!r} is not one of the columns {', '.join(columns)}"
            )
    order_keys = [key for key in header.get("order", "").split(",") if key.strip()]
    order = tuple(_parse_order_key(key, name) for key in order_keys)
    for column, _ in order:
        if column not in columns:
            raise QueryError(
                f"{name}: order column {column!r} is not one of the columns {', '.join(columns)}"
            )
    bounded_words = header.get("bounded", "").split()
    if bool(header.get("heavy")) != bool(bounded_words):
        raise QueryError(
            f"{name}: a heavy query names its bounded alternative: give both `heavy:` (why) "
            "and `bounded:` (a bundled query and the parameters to give it)"
        )
    return StoredQuery(
        name=name,
        title=header.get("title", name),
        description=header.get("description", ""),
        params=params,
        columns=columns,
        text=text,
        path=path,
        order=order,
        heavy=header.get("heavy", ""),
        bounded=(bounded_words[0], tuple(bounded_words[1:])) if bounded_words else None,
    )


def _parse_order_key(key: str, query_name: str) -> tuple[str, bool]:
    words = key.split()
    if len(words) == 1 or (len(words) == 2 and words[1] in ("asc", "desc")):
        return words[0], words[-1] == "desc"
    raise QueryError(
        f"{query_name}: bad order entry {key.strip()!r}; write it as column [asc|desc]"
    )


def _read_header(text: str, name: str) -> dict[str, str]:
    header: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:]
        match = re.match(r"^\s*(\w+):\s?(.*)$", body)
        if match and match.group(1) in _HEADER_KEYS:
            key = match.group(1)
            if key in header:
                raise QueryError(f"{name}: header key {key!r} given twice")
            header[key] = match.group(2).strip()
        elif key and body.startswith("  "):  # an indented line goes on with the last key
            header[key] = f"{header[key]} {body.strip()}"
        else:
            key = None
    return header


def _split_params(value: str) -> list[str]:
    if value.strip().lower() in ("", "none"):
        return []
    return [entry for entry in value.split(";") if entry.strip()]


def _parse_param(entry: str, query_name: str) -> QueryParam:
    match = _PARAM_RE.match(entry)
    parts = [p.strip() for p in match.group(2).split(",")] if match else []
    if not match or len(parts) < 2 or parts[-1] not in ("optional", "required"):
        raise QueryError(
            f"{query_name}: bad params entry {entry.strip()!r}; "
            "write it as name (type, description, optional|required)"
        )
    if parts[0] not in PARAM_TYPES:
        raise QueryError(
            f"{query_name}: parameter {match.group(1)!r} has unknown type {parts[0]!r}; "
            f"use one of {', '.join(PARAM_TYPES)}"
        )
    return QueryParam(
        name=match.group(1),
        datatype=parts[0],
        description=", ".join(parts[1:-1]),
        required=parts[-1] == "required",
    )


# --------------------------------------------------------------------------- running queries


def open_memory_store(*paths: str | Path) -> ox.Store:
    """An in-memory store loaded from RDF files (TriG, Turtle, N-Quads, ... by extension)."""
    store = ox.Store()
    for path in paths:
        try:
            store.load(path=str(path), format=ox.RdfFormat.from_extension(Path(path).suffix[1:]))
        except (OSError, SyntaxError, ValueError) as error:
            raise QueryError(f"{path}: cannot load RDF: {error}") from error
    return store


def bind_param(param: QueryParam, value: str) -> ox.NamedNode | ox.Literal:
    """The RDF term a parameter value stands for, checked against the parameter's type."""
    if param.datatype == "iri":
        try:
            return ox.NamedNode(value)
        except ValueError as error:
            raise QueryError(f"parameter {param.name}: {value!r} is not an IRI") from error
    if param.datatype == "xsd:integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise QueryError(f"parameter {param.name}: {value!r} is not an integer")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if param.datatype == "xsd:decimal":
        try:
            Decimal(value)
        except InvalidOperation as error:
            raise QueryError(f"parameter {param.name}: {value!r} is not a number") from error
        return ox.Literal(value.strip(), datatype=ox.NamedNode(XSD + "decimal"))
    if param.datatype == "xsd:date":
        if not _DATE_RE.match(value):
            raise QueryError(f"parameter {param.name}: {value!r} is not a date YYYY-MM-DD")
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(value)


def check_language(lang: str) -> None:
    """Raise a QueryError unless places can be named in `lang` (one of LANGUAGES)."""
    if lang not in LANGUAGES:
        raise QueryError(f"no names in {lang!r}: use one of {', '.join(LANGUAGES)}")


def query_prefixes(base_iri: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """The prefixes an ad hoc query may use undeclared: the vocabularies' (`schema:`,
    `tnkg:`, ...) and one per kind of data IRI of the build (`country:NO`)."""
    return {**PREFIXES, **data_prefixes(base_iri)}


def run_query(
    store: ox.Store, query: StoredQuery | str, params: dict[str, str] | None = None, *,
    base_iri: str = DEFAULT_BASE_IRI, lang: str = "en",
) -> QueryResult:
    """Run a query on the union of the store's graphs, parameters bound as RDF terms.

    `query` is a StoredQuery or the text of an ad hoc query; an ad hoc query's
    parameters bind as plain strings to projected variables of the same name, and it
    may use the prefixes of `query_prefixes(base_iri)` without declaring them. SELECT
    gives rows, ASK a `boolean`, CONSTRUCT and DESCRIBE `triples`. `lang="sv"` gives the
    places' Swedish names (see `in_language`).
    """
    check_language(lang)
    query, bindings = bind_params(query, params, lambda: project_titles(store))
    try:
        answer = store.query(
            query.text, use_default_graph_as_union=True, substitutions=bindings or None,
            prefixes=query_prefixes(base_iri),
        )
    except SyntaxError as error:
        raise QueryError(f"{query.name}: malformed query: {_one_line(error)}") from error
    except (RuntimeError, OSError, ValueError) as error:
        raise QueryError(f"{query.name}: query failed: {_one_line(error)}") from error
    return read_answer(answer, query, lang=lang)


def bind_params(
    query: StoredQuery | str, params: dict[str, str] | None, titles: Titles
) -> tuple[StoredQuery, dict[ox.Variable, ox.NamedNode | ox.Literal]]:
    """The query and its parameters as RDF terms, each checked against its declared type;
    a bundled query's named values read as extraction reads names (`queries/params.py`),
    a project's title against `titles()`, the graph's."""
    params = dict(params or {})
    if isinstance(query, str):
        query = parse_query_text(query, name="ad hoc query")
        declared = {name: QueryParam(name, "xsd:string", "", False) for name in params}
    else:
        declared = {p.name: p for p in query.params}
        unknown = sorted(set(params) - set(declared))
        if unknown:
            allowed = ", ".join(declared) or "none"
            raise QueryError(
                f"{query.name}: unknown parameter {', '.join(unknown)}"
                f"{did_you_mean(unknown[0], declared)} (parameters: {allowed})"
            )
        missing = [p.name for p in query.params if p.required and p.name not in params]
        if missing:
            raise QueryError(f"{query.name}: missing required parameter {', '.join(missing)}")
        params = {name: _matched(query, name, value, titles) for name, value in params.items()}
    return query, {
        ox.Variable(name): bind_param(declared[name], value) for name, value in params.items()
    }


def project_titles(store: ox.Store) -> list[str]:
    """The titles of the store's projects (for a `project` parameter)."""
    return [title for (title,) in run_query(store, PROJECT_TITLES).rows]


def read_answer(
    answer: ox.QuerySolutions | ox.QueryBoolean | Any, query: StoredQuery, *, lang: str = "en"
) -> QueryResult:
    """A QueryResult from what a store or a parsed endpoint answer gives: solutions, a
    boolean (pyoxigraph's or Python's), or an iterable of triples; places named in `lang`."""
    try:
        if isinstance(answer, ox.QueryBoolean | bool):
            return QueryResult(("boolean",), ((bool(answer),),), query.name, boolean=bool(answer))
        if not isinstance(answer, ox.QuerySolutions):
            return QueryResult(("subject", "predicate", "object"), (), query.name,
                               triples=tuple(answer))
        columns = tuple(v.value for v in answer.variables)
        rows = [tuple(map(term_to_python, solution)) for solution in answer]
    except (RuntimeError, OSError, SyntaxError) as error:
        raise QueryError(f"{query.name}: query failed: {_one_line(error)}") from error
    columns, rows = in_language(columns, rows, query.columns, lang)
    return QueryResult(columns, tuple(sort_rows(rows, columns, query.order)), query.name)


def in_language(
    columns: tuple[str, ...], rows: list[tuple[Any, ...]], shown: tuple[str, ...], lang: str
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """The rows with the `shown` columns only, names in `lang`.

    A bundled query gives a place's Swedish name beside its name: a projected variable
    `X_sv` (the place's `rdfs:label` in Swedish, unbound where Swedish has no name of its
    own) for a column `X` of its header. With `lang="sv"` it takes X's place where bound;
    either way it is not a column of the result.

    >>> in_language(("city", "n", "city_sv"), [("Warsaw", 1, "Warszawa"), ("Oslo", 2, None)],
    ...             ("city", "n"), "sv")
    (('city', 'n'), [('Warszawa', 1), ('Oslo', 2)])
    """
    swedish = {i: columns.index(column[: -len(SWEDISH)]) for i, column in enumerate(columns)
               if column.endswith(SWEDISH) and column[: -len(SWEDISH)] in shown
               and column not in shown}
    if not swedish:
        return columns, rows
    if lang == "sv":
        named = {base: i for i, base in swedish.items()}
        rows = [tuple(row[named[j]] if j in named and row[named[j]] is not None else value
                      for j, value in enumerate(row)) for row in rows]
    kept = [i for i in range(len(columns)) if i not in swedish]
    return tuple(columns[i] for i in kept), [tuple(row[i] for i in kept) for row in rows]


def _matched(query: StoredQuery, name: str, value: str, titles: Titles) -> str:
    try:
        return match_param(name, value, titles)
    except QueryError as error:
        raise QueryError(f"{query.name}: parameter {name}: {error}") from None


def sort_rows(
    rows: list[tuple[Any, ...]], columns: tuple[str, ...], order: tuple[tuple[str, bool], ...]
) -> list[tuple[Any, ...]]:
    """Rows sorted by `order` ((column, descending) pairs), unbound lowest as in SPARQL.

    >>> sort_rows([(1, "b"), (2, "a"), (None, "a")], ("n", "s"), (("s", False), ("n", True)))
    [(2, 'a'), (None, 'a'), (1, 'b')]
    """
    for column, descending in reversed(order):  # stable sorts, least significant key first
        i = columns.index(column)
        rows.sort(key=lambda row: (row[i] is not None, row[i]), reverse=descending)
    return rows


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def _decimal(value: str) -> int | float:
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else float(number)


# literal datatype -> the Python value of its lexical form; any other literal stays a str
_LITERAL_VALUES = {
    XSD + "integer": int, XSD + "int": int, XSD + "long": int,
    XSD + "decimal": _decimal,
    XSD + "double": float, XSD + "float": float,
    XSD + "boolean": lambda value: value == "true",
}


def term_to_python(term: Any) -> Any:
    """A result term as a plain value: numbers as int/float, other literals and IRIs as str.

    >>> term_to_python(ox.Literal("2.50", datatype=ox.NamedNode(XSD + "decimal")))
    2.5
    """
    if term is None:
        return None
    if type(term) is ox.Literal:
        convert = _LITERAL_VALUES.get(term.datatype.value)
        if convert is not None:
            return convert(term.value)
    return term.value  # a string literal, NamedNode, BlankNode
