"""Foreign places and their partnership roles (placeholder until the places pipeline lands).

Interface kept by the real implementation:
    load_pipeline(model: str | None = None) -> spacy.Language
    find_places(sections: Sequence[Section], *, nlp: Language | None = None) -> tuple[Place, ...]
"""

from __future__ import annotations

from collections.abc import Sequence

from tnkg.extract.record import Place, Section


def find_places(sections: Sequence[Section], *, nlp=None) -> tuple[Place, ...]:
    return ()
