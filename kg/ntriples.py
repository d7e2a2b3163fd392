"""Terms as N-Triples text: the build's fast path to the store and the files.

The build keeps every statement as one string `"<s> <p> <o>"` (an N-Triples
line without its final ` .`), which hashes, compares and sorts in C; rdflib
terms hash and compare in Python, and at 10,000 pages that cost most of the
graph stage. A page's named graph is then a set of such strings, its N-Quads
lines are `f"{triple} {graph} .\\n"`, and Oxigraph parses them in bulk.

Escaping follows the canonical form of N-Triples 1.1 (section 2.4 of the
spec): `"` and `\\` and the line breaks as ECHAR, every other control
character as UCHAR, everything else as UTF-8 itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from tnkg.kg.nodes import Shared, Triple

XSD_STRING = str(XSD.string)

# canonical N-Triples: ECHAR where the grammar has one, UCHAR for the other controls
_ESCAPES = {
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
    ord("\b"): "\\b",
    ord("\f"): "\\f",
    **{c: f"\\u{c:04X}" for c in (*range(0x00, 0x08), 0x0B, *range(0x0E, 0x20), 0x7F)},
}
_NEEDS_ESCAPE = frozenset(chr(c) for c in _ESCAPES)

# the characters IRIREF excludes (N-Triples grammar [8]); kg/iri.py never mints them
_NOT_IN_IRI = frozenset('<>"{}|^`\\' + "".join(chr(c) for c in range(0x21)))


def quote_string(text: str) -> str:
    """A string literal's lexical form in quotes, escaped for N-Triples and Turtle."""
    if _NEEDS_ESCAPE.isdisjoint(text):  # most page text needs no escape at all
        return f'"{text}"'
    return '"' + text.translate(_ESCAPES) + '"'


def iri(value: str) -> str:
    """`<value>`; ValueError for a character an IRI may not hold."""
    if not _NOT_IN_IRI.isdisjoint(value):
        bad = next(c for c in value if c in _NOT_IN_IRI)
        raise ValueError(f"IRI {value!r} holds {bad!r}, which N-Triples does not allow")
    return f"<{value}>"


def literal(text: str, *, datatype: str | None = None, language: str | None = None) -> str:
    """A literal: plain (xsd:string), typed, or language-tagged."""
    if language:
        return f"{quote_string(text)}@{language}"
    if datatype and datatype != XSD_STRING:
        return f"{quote_string(text)}^^<{datatype}>"
    return quote_string(text)


def term(node: URIRef | Literal) -> str:
    """An rdflib IRI or literal in N-Triples form (blank nodes are never minted)."""
    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype is not None else None
        return literal(str(node), datatype=datatype, language=node.language)
    raise ValueError(f"cannot write {node!r} as N-Triples: not an IRI or a literal")


# IRIs kept written: the shared ones recur on every page, but a page's own (its project,
# memberships, ties) do not, and kept all they grew with the pages (300,000 at 10,000 pages)
IRI_CACHE = 50_000


class LineWriter:
    """Triples and `Shared` blocks (kg/nodes.py) as N-Triples lines without the final ` .`.

    IRIs recur on every page and are written once; a `Shared` block is the
    same object each time its node is met, so its lines are written once per
    writer and re-emitted wherever it is met.
    """

    def __init__(self) -> None:
        self._iris: dict[str, str] = {}
        # id(block) -> (block, lines); holding the block keeps its id from being reused
        self._blocks: dict[int, tuple[Shared, tuple[str, ...]]] = {}

    def term(self, node: URIRef | Literal) -> str:
        if type(node) is URIRef:
            key = str(node)  # a plain str: hashed and compared in C, unlike an rdflib term
            text = self._iris.get(key)
            if text is None:
                if len(self._iris) >= IRI_CACHE:  # most IRIs are one page's: start afresh
                    self._iris.clear()
                text = self._iris[key] = iri(key)
            return text
        return term(node)

    def line(self, triple: Triple) -> str:
        """`"<s> <p> <o>"`: a triple as an N-Triples line without its final ` .`."""
        return f"{self.term(triple[0])} {self.term(triple[1])} {self.term(triple[2])}"

    def add(
        self, lines: set[str], items: Iterable[Triple | Shared], shared: set[str] | None = None
    ) -> None:
        """Add the lines of triples to `lines` and those of blocks to `shared` (to `lines`
        when there is no `shared`)."""
        into = lines if shared is None else shared
        for item in items:
            if type(item) is Shared:
                known = self._blocks.get(id(item))
                if known is None:
                    known = self._blocks[id(item)] = (item, tuple(self.line(t) for t in item))
                into.update(known[1])
            else:
                lines.add(self.line(item))
