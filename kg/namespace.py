"""The vocabularies of the graph; `TNKG` mirrors ontology/tnkg.ttl term for term.

`_fail = True` makes a typo (`TNKG.Muncipality`) an error at import time of
the code that uses it instead of a silent new IRI; tests/kg/test_namespace.py
holds this list and the ontology equal in both directions.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from tnkg.extract import vocabulary


class _RememberingNamespace(Namespace):
    """rdflib's Namespace, keeping each term it makes as a plain attribute.

    rdflib makes and checks a new URIRef at every `SCHEMA.name`; the graph stage
    of a 10,000-page build asked for terms millions of times.
    """

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        if not name.startswith("_"):
            self.__dict__[name] = term
        return term


ORG = _RememberingNamespace("http://www.w3.org/ns/org#")
SCHEMA = _RememberingNamespace("https://schema.org/")
# IRIs of outside datasets the places link to (kg/triples.py), each followed by a code
GEONAMES = "https://sws.geonames.org/"  # + GeoNames id + "/"
NUTS = "http://data.europa.eu/nuts/code/"  # + NUTS code (Eurostat's NUTS as linked data)
EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"  # + ISO alpha-3


class TNKG(DefinedNamespace):
    _NS = Namespace("https://w3id.org/tnkg/ontology#")
    _fail = True

    # classes
    PlaceTie: URIRef
    Municipality: URIRef
    County: URIRef
    EsfRegion: URIRef
    ForeignRegion: URIRef
    ProjectOverlap: URIRef
    # object properties
    fund: URIRef
    esfGrant: URIRef
    totalBudget: URIRef
    esfRegion: URIRef
    municipality: URIRef
    governs: URIRef
    grantedSek: URIRef
    grantedEur: URIRef
    county: URIRef
    coversRegion: URIRef
    project: URIRef
    place: URIRef
    placeRole: URIRef
    seat: URIRef
    overlapOf: URIRef
    sharedOrganisation: URIRef
    sharedPlace: URIRef
    sharedCountry: URIRef
    sharedMunicipality: URIRef
    # datatype properties
    programmeAreaNumber: URIRef
    programmeAreaName: URIRef
    phase: URIRef
    regionAsWritten: URIRef
    municipalityAsWritten: URIRef
    evidence: URIRef
    nameAsWritten: URIRef
    scbCode: URIRef
    iso3166Code: URIRef
    geonamesId: URIRef
    lauCode: URIRef
    nutsCode: URIRef
    contentHash: URIRef
    layout: URIRef
    programme: URIRef
    area: URIRef
    priority: URIRef
    sharedCount: URIRef
    jaccard: URIRef
    overlapRank: URIRef
    # concept schemes and their concepts
    FundScheme: URIRef
    ESF: URIRef
    ERDF: URIRef
    InterregIVA: URIRef
    OrganisationRoleScheme: URIRef
    Owner: URIRef
    CoFinancier: URIRef
    Partner: URIRef
    Participant: URIRef
    PlaceRoleScheme: URIRef
    PartnerPlace: URIRef
    PlannedPlace: URIRef
    RelatedPlace: URIRef
    MentionedPlace: URIRef


# The prefixes every serialisation binds, in the order they are written.
PREFIXES: dict[str, str] = {
    "tnkg": str(TNKG._NS),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
}

# The vocabulary of the records (extract/vocabulary.py) -> concepts of the ontology's SKOS
# schemes; tests/kg/test_vocabulary.py holds each value equal to its concept's skos:notation.
FUNDS: dict[str, URIRef] = dict(
    zip(vocabulary.FUNDS, (TNKG.ESF, TNKG.ERDF, TNKG.InterregIVA), strict=True)
)
ORGANISATION_ROLES: dict[str, URIRef] = dict(zip(
    vocabulary.ORGANISATION_ROLES,
    (TNKG.Owner, TNKG.CoFinancier, TNKG.Partner, TNKG.Participant),
    strict=True,
))
PLACE_ROLES: dict[str, URIRef] = dict(zip(
    vocabulary.PLACE_ROLES,
    (TNKG.PartnerPlace, TNKG.PlannedPlace, TNKG.RelatedPlace, TNKG.MentionedPlace),
    strict=True,
))
