"""JSON-LD for people: the graph compacted with tnkg's published context.

`ontology/context.jsonld` gives every property of the graph a short key (`name`,
`startDate`, `partner`...) with the type of its values, so a project reads as
`{"id": "project/6b82...", "type": ["schema:Project"], "title": "Transnet",
"startDate": "2011-06-14"}`. A dump's `@context` is that published context followed
by the build's `@base` (its base IRI), against which the data IRIs are written relative
(`project/6b82...`). The compaction is done here, node by node, rather than by a general
JSON-LD processor: the context is fixed and small, and a general compactor over a
million statements would take minutes. Tests read the dump back with rdflib's JSON-LD
parser and hold it isomorphic to the store.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from typing import Any, BinaryIO

import pyoxigraph as ox

CONTEXT_FILE = "context.jsonld"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@cache
def published_context() -> dict[str, Any]:
    """The `@context` object of ontology/context.jsonld."""
    text = files("tnkg.ontology").joinpath(CONTEXT_FILE).read_text("utf-8")
    return json.loads(text)["@context"]


@cache
def _tables() -> tuple[dict[str, str], dict[str, tuple[str, Any, bool]]]:
    """(prefix -> namespace, property IRI -> (key, value type, language map))."""
    context = published_context()
    prefixes = {key: value for key, value in context.items()
                if isinstance(value, str) and not value.startswith("@")}

    def expand(curie: str) -> str:
        prefix, _, local = curie.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else curie

    terms = {}
    for key, value in context.items():
        if isinstance(value, dict):
            kind = value.get("@type")
            terms[expand(value["@id"])] = (
                key, expand(kind) if kind and kind != "@id" else kind,
                value.get("@container") == "@language",
            )
    return prefixes, terms


class Compactor:
    """Writes IRIs, keys and values of one base IRI in the published context's terms."""

    def __init__(self, base_iri: str) -> None:
        self.base = base_iri
        self.prefixes, self.terms = _tables()
        # longest namespace first, so `tnkg:` never takes what a longer one would
        self._namespaces = sorted(
            ((ns, prefix) for prefix, ns in self.prefixes.items()), key=lambda p: -len(p[0])
        )

    def iri(self, value: str, *, vocab: bool = False) -> str:
        """A data IRI relative to the base (`project/6b82...`); a vocabulary IRI as a compact
        IRI (`schema:Project`); else the IRI itself."""
        if not vocab and value.startswith(self.base) and ":" not in value[len(self.base):]:
            return value[len(self.base):]
        for namespace, prefix in self._namespaces:
            local = value[len(namespace):]
            if value.startswith(namespace) and local and "/" not in local and ":" not in local:
                return f"{prefix}:{local}"
        return value

    def node(self, subject: str, statements: list[tuple[str, Any]]) -> dict[str, Any]:
        """One node object: `id`, `type` and a key per property, one value or a list."""
        node: dict[str, Any] = {"id": self.iri(subject)}
        values: dict[str, list[Any]] = defaultdict(list)
        languages: dict[str, dict[str, Any]] = defaultdict(dict)
        for predicate, obj in statements:
            if predicate == RDF_TYPE:
                values["type"].append(self.iri(obj.value, vocab=True))
                continue
            key, kind, language_map = self.terms.get(predicate, (None, None, False))
            if language_map and isinstance(obj, ox.Literal) and obj.language:
                _add_language(languages[key], obj.language, obj.value)
                continue
            if key is None:
                key, kind = self.iri(predicate, vocab=True), None
            values[key].append(self._value(obj, kind))
        for key, mapping in languages.items():
            if key in values:  # beside plain values a language map cannot stand: value objects
                values[key] += [{"@value": text, "@language": language}
                                for language, texts in mapping.items()
                                for text in (texts if isinstance(texts, list) else [texts])]
            else:
                node[key] = mapping
        for key, items in values.items():
            node[key] = items[0] if len(items) == 1 else items
        return node

    def _value(self, obj: Any, kind: str | None) -> Any:
        if isinstance(obj, ox.NamedNode):
            return self.iri(obj.value) if kind == "@id" else {"id": self.iri(obj.value)}
        if isinstance(obj, ox.BlankNode):
            return {"id": f"_:{obj.value}"}
        datatype = obj.datatype.value
        if obj.language:
            return {"@value": obj.value, "@language": obj.language}
        if datatype == kind == XSD_INTEGER and _canonical_int(obj.value):
            return int(obj.value)  # a JSON number reads back as xsd:integer
        if datatype == kind or (kind is None and datatype == XSD_STRING):
            return obj.value
        return {"@value": obj.value, "type": self.iri(datatype, vocab=True)}


def _add_language(mapping: dict[str, Any], language: str, value: str) -> None:
    if language not in mapping:
        mapping[language] = value
    elif isinstance(mapping[language], list):
        mapping[language].append(value)
    else:
        mapping[language] = [mapping[language], value]


def _nodes(compactor: Compactor, quads: Iterable[ox.Quad | ox.Triple]) -> list[dict[str, Any]]:
    by_subject: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for quad in quads:
        by_subject[quad.subject.value].append((quad.predicate.value, quad.object))
    return [compactor.node(subject, by_subject[subject]) for subject in sorted(by_subject)]


def dump_context(base_iri: str) -> list[Any]:
    """A dump's `@context`: the published context, then the build's base IRI."""
    return [published_context(), {"@base": base_iri}]


def write_jsonld(quads: Iterable[ox.Quad], out: BinaryIO, *, base_iri: str) -> int:
    """The quads as one compacted JSON-LD document, a named graph per source page (triples,
    as from a resource's description, go in the top-level `@graph`); returns how many
    statements were written."""
    compactor = Compactor(base_iri)
    graphs: dict[str | None, list[ox.Quad]] = defaultdict(list)
    count = 0
    for quad in quads:
        name = getattr(quad, "graph_name", None)
        key = name.value if isinstance(name, ox.NamedNode) else None
        graphs[key].append(quad)
        count += 1
    top = _nodes(compactor, graphs.pop(None, ()))
    for name in sorted(graphs):
        top.append({"id": compactor.iri(name), "@graph": _nodes(compactor, graphs[name])})
    document = {"@context": dump_context(base_iri), "@graph": top}
    out.write(json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
    out.write(b"\n")
    return count


def _canonical_int(text: str) -> bool:
    """Whether an xsd:integer's lexical form survives a round trip through a JSON number."""
    return text.lstrip("-").isdigit() and str(int(text)) == text
