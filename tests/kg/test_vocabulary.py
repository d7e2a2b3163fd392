"""extract/vocabulary.py against the ontology: every role and fund a record can carry is a
concept of its SKOS scheme with that notation, and every concept of the scheme is in the
vocabulary (both directions), so that no value is dropped on the way into the graph."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import SKOS

from tnkg.extract import vocabulary
from tnkg.kg import namespace
from tnkg.kg.namespace import TNKG
from tnkg.ontology import ontology_text

ONTOLOGY = Graph().parse(data=ontology_text("tnkg.ttl"), format="turtle")

SCHEMES = [
    (TNKG.FundScheme, vocabulary.FUNDS, namespace.FUNDS),
    (TNKG.OrganisationRoleScheme, vocabulary.ORGANISATION_ROLES, namespace.ORGANISATION_ROLES),
    (TNKG.PlaceRoleScheme, vocabulary.PLACE_ROLES, namespace.PLACE_ROLES),
]


@pytest.mark.parametrize(("scheme", "values", "concepts"), SCHEMES,
                         ids=["funds", "organisation-roles", "place-roles"])
def test_vocabulary_and_scheme_hold_the_same_values(scheme, values, concepts):
    in_scheme = set(ONTOLOGY.subjects(SKOS.inScheme, scheme))
    notations = {str(ONTOLOGY.value(concept, SKOS.notation)) for concept in in_scheme}
    assert notations == set(values)
    assert set(concepts.values()) == in_scheme
    for value, concept in concepts.items():
        assert str(ONTOLOGY.value(concept, SKOS.notation)) == value


def test_partnership_roles_are_place_roles_and_network_roles_cover_the_schemes():
    assert set(vocabulary.PARTNERSHIP_PLACE_ROLES) < set(vocabulary.PLACE_ROLES)
    assert "mention" not in vocabulary.PARTNERSHIP_PLACE_ROLES
    roles = set(vocabulary.NETWORK_ROLES)
    assert set(vocabulary.ORGANISATION_ROLES) | set(vocabulary.PLACE_ROLES) <= roles
    assert set(vocabulary.PLACE_KINDS) <= set(vocabulary.NODE_KINDS)
