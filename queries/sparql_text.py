"""Reading SPARQL text without a parser: what kind of request it is, where its WHERE opens.

`mask` blanks strings, IRIs and comments (keeping every position), so that a keyword
search never mistakes a title containing "service" or "delete" for a clause. The
endpoint uses it to refuse federation and to answer updates with its read-only message,
and the remote runner to find where to bind parameters.
"""

from __future__ import annotations

import re

_NOT_KEYWORDS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:-])", re.IGNORECASE)
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[\w.-]*:|BASE)\s*\s+)*", re.IGNORECASE)
_FORM = re.compile(r"[A-Za-z]+")
UPDATE_FORMS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
_WHERE = re.compile(r"(?<![\w:?$])WHERE(?![\w:-])", re.IGNORECASE)


def mask(text: str) -> str:
    """The text with strings, IRIs and comments turned into spaces, positions kept.

    >>> mask('SELECT * { ?s <http://x/a> "SERVICE" } # SERVICE')
    'SELECT * { ?s              "       " }          '
    """
    def blank(match: re.Match[str]) -> str:
        found = match.group(0)
        if found.startswith(('"', "'")):
            return found[0] + " " * (len(found) - 2) + found[-1]
        return " " * len(found)

    return _NOT_KEYWORDS.sub(blank, text)


def uses_service(query: str) -> bool:
    """Whether the query has a SERVICE clause (federation), which would make a server fetch
    URLs a client chooses.

    >>> uses_service('SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }')
    True
    >>> uses_service('SELECT * { ?s <http://x/SERVICE> "public service" }')
    False
    """
    return bool(_SERVICE.search(mask(query)))


def query_form(text: str) -> str:
    """The first keyword after the prologue, upper-case: SELECT, ASK, CONSTRUCT, DESCRIBE,
    or an update's (INSERT, DELETE, ...); "" when there is none.

    >>> query_form("PREFIX ex: <http://x/> construct { ?s ?p ?o } where { ?s ?p ?o }")
    'CONSTRUCT'
    """
    masked = mask(text)
    match = _FORM.match(masked, _PROLOGUE.match(masked).end())
    return match.group(0).upper() if match else ""


def is_update(text: str) -> bool:
    """Whether the text is a SPARQL update (INSERT, DELETE, LOAD, DROP, ...), not a query.

    >>> is_update("PREFIX ex: <http://x/> DELETE WHERE { ?s ex:p ?o }"), is_update("SELECT 1 {}")
    (True, False)
    """
    return query_form(text) in UPDATE_FORMS


def where_group_start(text: str) -> int | None:
    """The position just inside the brace that opens the query's WHERE group (the first
    brace after the first WHERE, or the first brace when WHERE is left out); None if none.

    >>> text = 'SELECT ?x WHERE { ?x ?p "{" }'
    >>> text[:where_group_start(text)]
    'SELECT ?x WHERE {'
    """
    masked = mask(text)
    where = _WHERE.search(masked)
    brace = masked.find("{", where.end() if where else 0)
    return None if brace < 0 else brace + 1
