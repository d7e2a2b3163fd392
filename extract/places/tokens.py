"""A sentence as the places finder reads it: tokens and the hits on them, free of spaCy.

The spaCy components turn a `Doc` into a `Sentence` once (`components.py`); disambiguation
and roles are plain functions over it, so they can be read and tested without a pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass

from tnkg.extract.gazetteer import Candidate
from tnkg.extract.places.prescan import Hit, Job


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    lower: str
    start: int  # character offsets in the sentence
    end: int
    sent_start: bool
    entity: str = ""  # the entity label a trained pipeline gave it, or ""

    @property
    def is_alpha(self) -> bool:
        return self.text.isalpha()

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper() and not self.text.isupper()


@dataclass(frozen=True, slots=True)
class Mark:
    """A hit laid on the tokens: tokens [start, end) hold it."""

    start: int
    end: int
    hit: Hit


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    tokens: tuple[Token, ...]
    marks: tuple[Mark, ...]
    job: Job

    def before(self, mark: Mark, n: int = 1) -> Token | None:
        i = mark.start - n
        return self.tokens[i] if i >= 0 else None

    def after(self, mark: Mark, n: int = 0) -> Token | None:
        i = mark.end + n
        return self.tokens[i] if i < len(self.tokens) else None


@dataclass(frozen=True, slots=True)
class Resolved:
    """A mark taken for a foreign place."""

    mark: Mark
    place: Candidate
    role: str = "mention"
    strength: int = 0


def lay_hits(text: str, tokens: tuple[Token, ...], job: Job) -> Sentence:
    """The sentence with each hit of its job laid on the tokens that hold it."""
    starts = [t.start for t in tokens]
    marks = []
    i = 0
    for hit in job.hits:
        while i < len(tokens) and tokens[i].end <= hit.start:
            i += 1
        j = i
        while j < len(tokens) and tokens[j].start < hit.end:
            j += 1
        if i < j and starts[i] <= hit.start:
            marks.append(Mark(i, j, hit))
    return Sentence(text, tokens, tuple(marks), job)
