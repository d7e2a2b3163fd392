"""All IRI minting: flat IRIs derived from keys, under a configurable base IRI.

The scheme is documented in ontology/MODEL.md. IRIs are flat
(`id:membership/{project}-{role}-{org}`, never nested under the project), so
serialisers do not pay for deep nesting. Every key goes through `_segment`,
which percent-encodes anything outside the unreserved set, so an IRI is valid
whatever the page text holds.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote, urlsplit

from rdflib import URIRef

from tnkg.errors import BuildError
from tnkg.extract.keys import slugify
from tnkg.extract.record import ProjectRecord

DEFAULT_BASE_IRI = "https://w3id.org/tnkg/id/"

_SPACES = re.compile(r"\s+")


def normalise_key_text(text: str) -> str:
    """NFC, case-folded, runs of white space collapsed to one space, trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


def project_key(rec: ProjectRecord) -> str:
    """The project's key as MODEL.md defines it.

    A row of the Tillväxtverket CSV keeps its own id (`tvv-{arende_id}`, the
    part of `source` after `#`). A page hashes `title|owner|start_date`; a page
    with none of the three (free text) hashes its content or, failing that,
    its source, so two such pages never share one project.
    """
    if rec.layout == "tillvaxtverket-csv" and "#" in rec.source:
        return "tvv-" + rec.source.rsplit("#", 1)[1]
    parts = [rec.title, rec.owner, rec.start_date]
    if any(parts):
        text = "|".join(normalise_key_text(p or "") for p in parts)
    else:
        text = "content|" + (rec.content_sha256 or rec.source)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def content_address(sha256: str) -> str:
    """The RFC 6920 name of a file's content (`ni:///sha-256;...`): a source's address when
    no public one is known, so that the path it was read from never stands in for it.

    >>> content_address("00" * 32)
    'ni:///sha-256;AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
    """
    digest = base64.urlsafe_b64encode(bytes.fromhex(sha256)).decode("ascii").rstrip("=")
    return f"ni:///sha-256;{digest}"


def _segment(key: str) -> str:
    return quote(unicodedata.normalize("NFC", str(key)), safe="-._~")


def check_base_iri(base: str, *, option: str = "--base-iri") -> str:
    """The base IRI, ending in `/` or `#`; BuildError unless absolute http(s)."""
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(
        c in base for c in ' <>"{}|\\^`'
    ):
        raise BuildError(f"{option} {base!r} is not an absolute http(s) IRI")
    return base if base.endswith(("/", "#")) else base + "/"


# The kinds of data IRI, `{base}{kind}/{key}`; serialisations bind each as a prefix.
IRI_KINDS = (
    "project", "organisation", "membership", "municipality", "county", "esf-region", "city",
    "region", "country", "tie", "amount", "source", "contact", "activity", "agent", "overlap",
)


def data_prefixes(base: str) -> dict[str, str]:
    """One prefix per kind of data IRI (`city:2618425`), so graph.ttl reads without escapes."""
    return {kind: f"{base}{kind}/" for kind in IRI_KINDS}


class Minter:
    """Mints every data IRI under one base IRI.

    A build mints the IRI of a project, organisation or municipality once for every
    triple that names it (a million times at 10,000 pages); quoting and checking it again
    each time was a tenth of the graph stage, so each minter keeps the latest 65,536 it
    made (memberships, minted once each, pass through).
    """

    __slots__ = ("_iri", "base")

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        self.base = base
        self._iri = lru_cache(maxsize=1 << 16)(self._mint)

    def __repr__(self) -> str:
        return f"Minter({self.base!r})"

    def _mint(self, kind: str, key: str) -> URIRef:
        return URIRef(f"{self.base}{kind}/{_segment(key)}")

    def project(self, key: str) -> URIRef:
        return self._iri("project", key)

    def organisation(self, key: str) -> URIRef:
        return self._iri("organisation", key)

    def membership(self, project_key: str, role: str, organisation_key: str) -> URIRef:
        return self._iri("membership", f"{project_key}-{role}-{organisation_key}")

    def municipality(self, scb_code: str) -> URIRef:
        return self._iri("municipality", scb_code)

    def county(self, scb_code: str) -> URIRef:
        return self._iri("county", scb_code)

    def esf_region(self, name: str) -> URIRef:
        return self._iri("esf-region", slugify(name))

    def city(self, geonames_id: int) -> URIRef:
        return self._iri("city", str(int(geonames_id)))

    def region(self, country: str, iso3166_2: str | None, name: str) -> URIRef:
        key = iso3166_2.upper() if iso3166_2 else f"{country.upper()}-{slugify(name)}"
        return self._iri("region", key)

    def country(self, alpha2: str) -> URIRef:
        return self._iri("country", alpha2.upper())

    def tie(self, project_key: str, place_iri: URIRef) -> URIRef:
        tail = str(place_iri)[len(self.base):].replace("/", "-")
        return self._iri("tie", f"{project_key}-{tail}")

    def amount(self, project_key: str, kind: str) -> URIRef:
        return self._iri("amount", f"{project_key}-{kind}")

    def source(self, sha256: str) -> URIRef:
        return self._iri("source", sha256)

    def contact(self, project_key: str) -> URIRef:
        return self._iri("contact", project_key)

    def activity(self, version: str) -> URIRef:
        return self._iri("activity", f"tnkg-{version}")

    def overlap(self, project_a_key: str, project_b_key: str) -> URIRef:
        """The overlap of two projects, their keys in sorted order."""
        low, high = sorted((project_a_key, project_b_key))
        return self._iri("overlap", f"{low}-{high}")

    def agent(self) -> URIRef:
        return self._iri("agent", "tnkg")
