"""The shared nodes: what many pages name and the graph describes once.

Concepts of the ontology's schemes, the software agent, ESF regions, Swedish
municipalities and counties, places and countries abroad, and organisations
repeat on thousands of pages. `SharedNodes` (one per build) makes each one's
triples once, as a `Shared` block, and hands the same block out again; a page
yields the block itself rather than its triples, so the build renders each block
once (kg/ntriples.py) and writes it once, into the shared graph (see
ontology/MODEL.md). The triples of each kind come from one function of its own
that reads nothing but its arguments, the registers and the ontology.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from tnkg.extract import registers
from tnkg.extract.record import Organisation, Place
from tnkg.kg.iri import Minter
from tnkg.kg.namespace import EU_COUNTRY, GEONAMES, NUTS, ORG, SCHEMA, TNKG
from tnkg.ontology import ontology_text

Triple = tuple[URIRef, URIRef, URIRef | Literal]

_CONCEPT_PREDICATES = (RDF.type, SKOS.inScheme, SKOS.notation, SKOS.prefLabel)


class Shared(tuple):
    """The triples of a shared node: the same object each time it is asked for."""

    __slots__ = ()


def flatten(items: Iterable[Triple | Shared]) -> Iterator[Triple]:
    """Plain triples from a mix of triples and `Shared` blocks."""
    for item in items:
        if type(item) is Shared:
            yield from item
        else:
            yield item


@dataclass(frozen=True, slots=True)
class OrganisationEntry:
    """An organisation resolved across the whole build, with every spelling met."""

    info: Organisation
    name: str  # the first spelling met
    alt_labels: tuple[str, ...] = ()


def text(value: str) -> Literal:
    return Literal(value)


def decimal(value: float | int) -> Literal:
    return Literal(str(value), datatype=XSD.decimal)


class SharedNodes:
    """The shared nodes of one build, each made on first use and handed out again after.

    Owned by the build (or whoever writes a graph), so its memory goes with it: nothing is
    kept between builds in a process.

    >>> nodes = SharedNodes(Minter())
    >>> nodes.country("no") is nodes.country("no"), len(nodes.country("no"))
    (True, 7)
    """

    def __init__(self, minter: Minter) -> None:
        self.minter = minter
        self._blocks: dict[tuple, Shared] = {}
        self._ontology: Graph | None = None

    def _block(self, key: tuple, make: Callable[..., Iterable[Triple]], *args) -> Shared:
        block = self._blocks.get(key)
        if block is None:
            block = self._blocks[key] = Shared(make(*args, self))
        return block

    def ontology(self) -> Graph:
        if self._ontology is None:
            self._ontology = Graph().parse(data=ontology_text("tnkg.ttl"), format="turtle")
        return self._ontology

    def concept(self, concept: URIRef) -> Shared:
        return self._block(("concept", concept), concept_triples, concept)

    def software(self, version: str) -> Shared:
        return self._block(("software", version), software_triples, version)

    def esf_region(self, name: str) -> Shared:
        return self._block(("esf-region", name), esf_region_triples, name)

    def municipality(self, code: str, name_as_written: str) -> Shared:
        return self._block(
            ("municipality", code, name_as_written), municipality_triples, code, name_as_written
        )

    def county(self, code: str) -> Shared:
        return self._block(("county", code), county_triples, code)

    def country(self, alpha2: str) -> Shared:
        return self._block(("country", alpha2), country_triples, alpha2)

    def place(self, place: Place) -> Shared:
        # role, evidence and variants belong to a tie, not to the place
        key = ("place", place.kind, place.country, place.geonames_id, place.iso3166_2, place.name)
        return self._block(key, place_triples, place)

    def organisation(
        self, entry: OrganisationEntry, organisations: Mapping[str, OrganisationEntry]
    ) -> Shared:
        """An organisation's block, keyed by the entries of its whole parent chain (a parent's
        name and labels come from `organisations`, so they are part of the key)."""
        parents = []
        parent = entry.info.parent
        while parent is not None:
            parents.append(organisations.get(parent.key) or OrganisationEntry(parent, parent.name))
            parent = parent.parent
        known = {parent.info.key: parent for parent in parents}
        return self._block(("organisation", entry, tuple(parents)), _organisation_block, entry,
                           known)


def concept_triples(concept: URIRef, nodes: SharedNodes) -> Iterator[Triple]:
    """A concept of the ontology's SKOS schemes with its notation, labels and scheme."""
    ontology = nodes.ontology()
    for predicate in _CONCEPT_PREDICATES:
        for obj in ontology.objects(concept, predicate):
            yield concept, predicate, obj
    for scheme in ontology.objects(concept, SKOS.inScheme):
        yield scheme, RDF.type, SKOS.ConceptScheme


def software_triples(version: str, nodes: SharedNodes) -> Iterator[Triple]:
    """The extraction run (one per tnkg version) and tnkg as its software agent."""
    activity = nodes.minter.activity(version)
    agent = nodes.minter.agent()
    yield activity, RDF.type, PROV.Activity
    yield activity, PROV.wasAssociatedWith, agent
    yield activity, SCHEMA.softwareVersion, text(version)
    yield agent, RDF.type, PROV.SoftwareAgent
    yield agent, SCHEMA.name, text("tnkg")


def esf_region_triples(name: str, nodes: SharedNodes) -> Iterator[Triple]:
    """An ESF region; the eight of 2007-2013 are Sweden's NUTS 2 regions."""
    iri = nodes.minter.esf_region(name)
    yield iri, RDF.type, TNKG.EsfRegion
    yield iri, RDF.type, SCHEMA.AdministrativeArea
    yield iri, SCHEMA.name, text(name)
    nuts2 = registers.esf_region_nuts2(name)
    if nuts2:
        yield iri, TNKG.nutsCode, text(nuts2)
        yield iri, SKOS.exactMatch, URIRef(NUTS + nuts2)


def municipality_triples(
    code: str, name_as_written: str, nodes: SharedNodes
) -> Iterator[Triple]:
    """A Swedish municipality with its SCB (= LAU) code, county, ESF region, coordinates and
    seat in GeoNames.

    Without the municipality register the page's spelling is its name and the
    county and region are left out rather than guessed.
    """
    minter = nodes.minter
    iri = minter.municipality(code)
    info = registers.municipality_info(code)
    yield iri, RDF.type, TNKG.Municipality
    yield iri, RDF.type, SCHEMA.AdministrativeArea
    yield iri, TNKG.scbCode, text(code)
    yield iri, SCHEMA.name, text(info.name if info else name_as_written)
    if info is None:
        return
    yield iri, TNKG.lauCode, text(code)
    if info.geonames_id is not None:
        yield iri, TNKG.seat, URIRef(f"{GEONAMES}{info.geonames_id}/")
    if info.latitude is not None and info.longitude is not None:
        yield iri, SCHEMA.latitude, decimal(info.latitude)
        yield iri, SCHEMA.longitude, decimal(info.longitude)
    if info.esf_region:
        yield iri, TNKG.esfRegion, minter.esf_region(info.esf_region)
        yield from nodes.esf_region(info.esf_region)
    if info.county_code and registers.county_info(info.county_code):
        yield iri, SCHEMA.containedInPlace, minter.county(info.county_code)
        yield from nodes.county(info.county_code)


def county_triples(code: str, nodes: SharedNodes) -> Iterator[Triple]:
    """A Swedish county with its SCB, ISO 3166-2 and NUTS 3 codes and ESF region; none if
    unknown."""
    info = registers.county_info(code)
    if info is None:
        return
    iri = nodes.minter.county(code)
    yield iri, RDF.type, TNKG.County
    yield iri, RDF.type, SCHEMA.AdministrativeArea
    yield iri, SCHEMA.name, text(info.name)
    yield iri, TNKG.scbCode, text(code)
    if info.iso3166_2:
        yield iri, TNKG.iso3166Code, text(info.iso3166_2)
    if info.nuts3:
        yield iri, TNKG.nutsCode, text(info.nuts3)
        yield iri, SKOS.exactMatch, URIRef(NUTS + info.nuts3)
    if info.esf_region:
        yield iri, TNKG.esfRegion, nodes.minter.esf_region(info.esf_region)
        yield from nodes.esf_region(info.esf_region)


def place_labels(iri: URIRef, english: str | None, swedish: str | None) -> Iterator[Triple]:
    """A place's names as rdfs:label with language tags, for the readers of each language
    (`tnkg query --lang sv`); a Swedish label only where Swedish has a name of its own."""
    if english:
        yield iri, RDFS.label, Literal(english, lang="en")
    if swedish:
        yield iri, RDFS.label, Literal(swedish, lang="sv")


def country_triples(alpha2: str, nodes: SharedNodes) -> Iterator[Triple]:
    """A country: English name, English and Swedish labels, ISO 3166-1 code, the same country
    in GeoNames and in the EU's country authority table."""
    iri = nodes.minter.country(alpha2)
    english, swedish = registers.country_names(alpha2)
    alpha3, geonames_id = registers.country_codes(alpha2)
    yield iri, RDF.type, SCHEMA.Country
    yield iri, SCHEMA.name, text(english)
    yield iri, TNKG.iso3166Code, text(alpha2.upper())
    yield from place_labels(iri, english, swedish)
    if geonames_id is not None:
        yield iri, OWL.sameAs, URIRef(f"{GEONAMES}{geonames_id}/")
    if alpha3:
        yield iri, SKOS.exactMatch, URIRef(EU_COUNTRY + alpha3)


def place_iri(place: Place, *, minter: Minter) -> URIRef | None:
    """The IRI of a place abroad; None for a city without a GeoNames id."""
    if place.kind == "city":
        return minter.city(place.geonames_id) if place.geonames_id is not None else None
    if place.kind == "region":
        return minter.region(place.country, place.iso3166_2, place.name)
    return minter.country(place.country)


def place_triples(place: Place, nodes: SharedNodes) -> Iterator[Triple]:
    """A city, region or country abroad, with its country."""
    minter = nodes.minter
    iri = place_iri(place, minter=minter)
    if iri is None:
        return
    if place.kind == "country":
        yield from nodes.country(place.country)
        return
    if place.kind == "city":
        city = registers.city_info(place.geonames_id)
        name = city.name if city else place.name
        country = city.country if city else place.country
        yield iri, RDF.type, SCHEMA.City
        yield iri, SCHEMA.name, text(name)
        yield from place_labels(iri, name, city.swedish_name if city else None)
        yield iri, OWL.sameAs, URIRef(f"{GEONAMES}{int(place.geonames_id)}/")
        yield iri, TNKG.geonamesId, Literal(int(place.geonames_id))
        if city:
            yield iri, SCHEMA.latitude, decimal(city.latitude)
            yield iri, SCHEMA.longitude, decimal(city.longitude)
    else:
        official = registers.region_name(place.iso3166_2) if place.iso3166_2 else None
        country = place.country
        yield iri, RDF.type, SCHEMA.AdministrativeArea
        yield iri, RDF.type, TNKG.ForeignRegion
        yield iri, SCHEMA.name, text(official or place.name)
        if place.iso3166_2:
            yield iri, TNKG.iso3166Code, text(place.iso3166_2.upper())
            # the region's own name is in its country's language: a Swedish label alone
            yield from place_labels(iri, None, registers.region_swedish_name(place.iso3166_2))
    yield iri, SCHEMA.containedInPlace, minter.country(country)
    yield from nodes.country(country)


def organisation_triples(
    entry: OrganisationEntry,
    nodes: SharedNodes,
    organisations: Mapping[str, OrganisationEntry] | None = None,
) -> Iterator[Triple | Shared]:
    """An organisation, its parent chain, and the municipalities it is tied to.

    `organisations` (from `collect_organisations`) gives a parent the same
    name and labels it has everywhere else in the build.
    """
    minter = nodes.minter
    org = entry.info
    iri = minter.organisation(org.key)
    yield iri, RDF.type, ORG.Organization
    yield iri, RDF.type, SCHEMA.Organization
    yield iri, SCHEMA.name, text(entry.name)
    for label in entry.alt_labels:
        yield iri, SKOS.altLabel, text(label)
    if org.located_in:
        yield iri, SCHEMA.location, minter.municipality(org.located_in)
        yield nodes.municipality(org.located_in, org.located_in)
    if org.governs:
        yield iri, TNKG.governs, minter.municipality(org.governs)
        yield nodes.municipality(org.governs, org.governs)
    if org.parent is not None:
        yield iri, ORG.unitOf, minter.organisation(org.parent.key)
        # the whole chain up, so that "count a unit for its agency" is a join, not a path
        ancestor = org.parent
        while ancestor is not None:
            yield iri, ORG.transitiveSubOrganizationOf, minter.organisation(ancestor.key)
            ancestor = ancestor.parent
        known = organisations or {}
        parent = known.get(org.parent.key) or OrganisationEntry(org.parent, org.parent.name)
        yield from organisation_triples(parent, nodes, organisations)


def _organisation_block(
    entry: OrganisationEntry, known: Mapping[str, OrganisationEntry], nodes: SharedNodes
) -> Iterator[Triple]:
    return flatten(organisation_triples(entry, nodes, known))
