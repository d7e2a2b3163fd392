"""kg/namespace.py mirrors ontology/tnkg.ttl, term for term, in both directions."""

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from tnkg.kg.namespace import FUNDS, ORGANISATION_ROLES, PLACE_ROLES, TNKG
from tnkg.ontology import ontology_text

ONTOLOGY = Graph().parse(data=ontology_text("tnkg.ttl"), format="turtle")
NS = str(TNKG._NS)


def _ontology_terms() -> set[str]:
    return {str(s) for s in ONTOLOGY.subjects() if str(s).startswith(NS)}


def test_every_namespace_term_is_defined_in_the_ontology():
    assert {str(TNKG[name]) for name in TNKG.__annotations__} <= _ontology_terms()


def test_every_ontology_term_is_in_the_namespace():
    assert _ontology_terms() <= {str(TNKG[name]) for name in TNKG.__annotations__}


def test_unknown_term_is_an_error():
    try:
        TNKG.Muncipality  # noqa: B018  (the typo is the point)
    except AttributeError:
        return
    raise AssertionError("TNKG accepted a term the ontology does not define")


def test_every_own_term_has_english_and_swedish_label_and_comment():
    for term in _ontology_terms():
        for predicate in (RDFS.label, RDFS.comment):
            languages = {o.language for o in ONTOLOGY.objects(URIRef(term), predicate)}
            assert {"en", "sv"} <= languages, (term, predicate)


def test_scheme_concepts_have_the_notations_the_records_use():
    for table in (FUNDS, ORGANISATION_ROLES, PLACE_ROLES):
        for value, concept in table.items():
            assert str(ONTOLOGY.value(concept, SKOS.notation)) == value
    assert (None, OWL.imports, None) not in ONTOLOGY  # validation must never need the network
