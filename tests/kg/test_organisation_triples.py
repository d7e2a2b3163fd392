"""An organisation's triples: a unit points at every organisation above it."""

from tnkg.extract.organisations import Organisation
from tnkg.kg.iri import Minter
from tnkg.kg.namespace import ORG
from tnkg.kg.nodes import OrganisationEntry, SharedNodes, flatten, organisation_triples


def test_a_unit_is_a_transitive_sub_organisation_of_its_whole_chain():
    kommun = Organisation("kommun-0180", "Stockholms stad", "municipality")
    forvaltning = Organisation("kommun-0180-sf", "Socialförvaltningen", "unit", parent=kommun)
    enhet = Organisation("kommun-0180-sf-ungdom", "Ungdomsenheten", "unit", parent=forvaltning)
    minter = Minter()
    entry = OrganisationEntry(enhet, enhet.name)
    triples = set(flatten(organisation_triples(entry, SharedNodes(minter))))

    def above(org: Organisation, prop) -> set:
        subject = minter.organisation(org.key)
        return {o for s, p, o in triples if s == subject and p == prop}

    chain = {minter.organisation(kommun.key), minter.organisation(forvaltning.key)}
    assert above(enhet, ORG.transitiveSubOrganizationOf) == chain
    assert above(enhet, ORG.unitOf) == {minter.organisation(forvaltning.key)}
    assert above(forvaltning, ORG.transitiveSubOrganizationOf) == {minter.organisation(kommun.key)}
    assert above(kommun, ORG.transitiveSubOrganizationOf) == set()
