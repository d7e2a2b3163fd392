"""Streaming Turtle and TriG from sorted N-Triples lines (kg/ntriples.py).

graph.ttl and graph.trig are written from the build's statement strings
without building a term object per statement: lines sorted as strings group
each subject's statements (no IRI holds a space, so the lines of one subject
are contiguous) and order its predicates and objects, which keeps the files
stable from build to build and their diffs readable. IRIs become prefixed
names where the local part is a safe PN_LOCAL, `rdf:type` becomes `a`, and
literals keep their N-Triples form, which is valid Turtle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TextIO

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

# a subset of Turtle's PN_LOCAL that needs no escape: letters, digits, _ - . and %XX,
# not starting with - or . and not ending with . (anything else stays a full IRI)
_LOCAL = re.compile(
    r"(?:(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:[A-Za-z0-9_.-]|%[0-9A-Fa-f]{2})*)?"
)
NAME_CACHE = 50_000  # IRIs kept with their prefixed names (most are met once or twice)
_BATCH = 4096  # statements per write: few calls, bounded memory
_NEXT_SUBJECT = " .\n\n"  # what ends a subject's statements when another follows
GRAPH_END = "}\n\n"


class TurtleWriter:
    """Writes sorted lines as Turtle (`write_graph`) or as TriG graph blocks (`write_dataset`)."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = dict(sorted(prefixes.items()))
        # longest namespace first, so `tie:` wins over a shorter namespace it extends
        self._namespaces = sorted(self.prefixes.items(), key=lambda item: -len(item[1]))
        self._names: dict[str, str] = {}
        self._predicates: dict[str, str] = {RDF_TYPE: "a"}

    def header(self) -> str:
        return "".join(f"@prefix {name}: <{ns}> .\n" for name, ns in self.prefixes.items()) + "\n"

    def name(self, iri: str) -> str:
        """`<https://schema.org/name>` -> `schema:name` where a prefix fits, else as given."""
        known = self._names.get(iri)
        if known is not None:
            return known
        if len(self._names) >= NAME_CACHE:  # kept all, they grew with the graph's subjects
            self._names.clear()
        value = iri[1:-1]
        text = iri
        for prefix, namespace in self._namespaces:
            if value.startswith(namespace):
                local = value[len(namespace):]
                if _LOCAL.fullmatch(local) and not local.endswith("."):
                    text = f"{prefix}:{local}"
                break
        self._names[iri] = text
        return text

    def _object(self, text: str) -> str:
        if text[0] == "<":
            return self.name(text)
        end = text.rfind('"')  # an N-Triples string escapes every quote inside it
        if text.startswith("^^<", end + 1):
            return text[: end + 3] + self.name(text[end + 3:])
        return text

    def _statements(self, lines: Iterable[str], indent: str) -> Iterable[str]:
        subject = predicate = None
        names = self._names
        predicates = self._predicates
        for line in lines:
            s, p, o = line.split(" ", 2)
            obj = self._object(o)
            if s != subject:
                if subject is not None:
                    yield _NEXT_SUBJECT
                head = names.get(s) or self.name(s)
                verb = predicates.get(p)
                if verb is None:
                    verb = predicates[p] = self.name(p)
                yield f"{indent}{head} {verb} {obj}"
                subject, predicate = s, p
            elif p != predicate:
                verb = predicates.get(p)
                if verb is None:
                    verb = predicates[p] = self.name(p)
                yield f" ;\n{indent}    {verb} {obj}"
                predicate = p
            else:
                yield f" ,\n{indent}        {obj}"
        if subject is not None:
            yield " .\n"

    def write_graph(self, lines: Iterable[str], out: TextIO) -> None:
        """Turtle of sorted, unique lines, prefixes first."""
        out.write(self.header())
        _write_batched(self._statements(lines, ""), out)

    def graph_block(self, graph: str, lines: Iterable[str]) -> str:
        """One named graph of a TriG file (after `header()`), from sorted unique lines; the
        default graph when `graph` is empty."""
        return "".join((self.graph_head(graph), *self._statements(lines, "    "), GRAPH_END))

    def graph_head(self, graph: str) -> str:
        """What opens a named graph's block (`graph_block`); `GRAPH_END` closes it."""
        return f"{self.name(graph)} {{\n" if graph else "{\n"

    def graph_parts(self, lines: Iterable[str], *, size: int) -> Iterator[str]:
        """The statements of a named graph's block (between `graph_head` and `GRAPH_END`)
        from sorted unique lines, in parts of about `size` characters that each end with a
        subject: joined by newlines they are the block's statements, and each is also whole
        statements on its own (a graph too big for one string is written and loaded a part
        at a time)."""
        part: list[str] = []
        chars = 0
        for piece in self._statements(lines, "    "):
            if piece == _NEXT_SUBJECT and chars >= size:
                part.append(" .\n")
                yield "".join(part)
                part.clear()
                chars = 0
                continue
            part.append(piece)
            chars += len(piece)
        if part:
            yield "".join(part)

    def write_dataset(self, graphs: Iterable[tuple[str, Iterable[str]]], out: TextIO) -> None:
        """TriG of (graph IRI, sorted unique lines) pairs, in the order given."""
        out.write(self.header())
        for graph, lines in graphs:
            out.write(self.graph_block(graph, lines))


def _write_batched(pieces: Iterable[str], out: TextIO) -> None:
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) >= _BATCH:
            out.write("".join(batch))
            batch.clear()
    out.write("".join(batch))
