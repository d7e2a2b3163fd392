"""The words of the model, defined once: roles, kinds and funds as records and graphs use them.

Records carry these strings (`Place.role`, `Place.kind`, `ProjectRecord.fund`,
`Membership.role`); the graph maps each to a concept of the ontology
(kg/namespace.py), and tests/kg/test_vocabulary.py holds every one against the
`skos:notation` of its concept in ontology/tnkg.ttl, in both directions. The
network analysis and the pictures read their node kinds and edge roles from
here too.
"""

from __future__ import annotations

# An organisation's part in a project, strongest first (the order ranks a project's
# several roles for one organisation).
ORGANISATION_ROLES = ("owner", "co-financier", "partner", "participant")

# What a place abroad is for a project, strongest first (see extract-record.md).
PLACE_ROLES = ("partner", "planned", "related", "mention")

# Place roles that make a partnership; a mention alone ties nothing.
PARTNERSHIP_PLACE_ROLES = ("partner", "planned", "related")

PLACE_KINDS = ("city", "region", "country")

# The funds behind a project, as records write them.
FUNDS = ("ESF", "ERDF", "Interreg IVA")

# The kinds of node of the partnership network (queries/networks.py, viz/).
NODE_KINDS = ("project", "organisation", "municipality", *PLACE_KINDS)

# Edges of the network that tie a project to neither an organisation nor a place abroad.
NETWORK_EDGE_ROLES = {
    "municipality": "project - Swedish municipality of its Kommun list",
    "in": "city or region abroad - its country",
    "unit-of": "organisation unit - its parent organisation",
}

# Every role an edge of the network can have: organisation roles, place roles, the others.
NETWORK_ROLES = tuple(dict.fromkeys((*ORGANISATION_ROLES, *PLACE_ROLES, *NETWORK_EDGE_ROLES)))
