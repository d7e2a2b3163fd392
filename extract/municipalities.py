"""Swedish municipalities (placeholder until the register lands).

Interface kept by the real implementation: see the helper brief in ontology/MODEL.md's
neighbours; resolve_municipality(name) -> Municipality with code None when unknown.
"""

from __future__ import annotations

from tnkg.extract.record import Municipality


def resolve_municipality(name: str) -> Municipality:
    return Municipality(name=name, code=None)
