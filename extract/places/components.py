"""The one module that registers the places finder's spaCy components and extensions.

`register()` does it, on purpose, when `PlaceFinder` builds its pipeline; importing this
module registers nothing. The components are thin: each reads what the pre-scan put on the
`Doc` (`doc._.tnkg_job`, the sentence's hits and page) and calls plain functions of
`disambiguation` and `roles`:

- `tnkg_sentences`: sentence starts that hold on these pages (`SentenceSplitter`);
- `tnkg_gazetteer`: the job's hits laid on the tokens (`doc._.tnkg_sentence`), each also a
  span of `doc.spans["tnkg_places"]`;
- `tnkg_disambiguate`: the hits that name foreign places, each resolved to one place;
- `tnkg_roles`: partner > planned > related > mention for each, the span labelled by it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from tnkg.extract.places.disambiguation import resolve
from tnkg.extract.places.roles import assign_roles
from tnkg.extract.places.tokens import Token, lay_hits
from tnkg.extract.sentences import SentenceSplitter

SPANS_KEY = "tnkg_places"
COMPONENTS = ("tnkg_sentences", "tnkg_gazetteer", "tnkg_disambiguate", "tnkg_roles")
# Doc extensions: the job (set by the finder before the pipeline runs), the sentence as the
# plain functions read it, the places found and the finder's run context.
DOC_EXTENSIONS = ("tnkg_job", "tnkg_run", "tnkg_sentence", "tnkg_found")


class _Sentences:
    def __init__(self, nlp: Language, name: str):
        self.splitter = SentenceSplitter()

    def __call__(self, doc: Doc) -> Doc:
        starts = {s for s, _ in self.splitter.split(doc.text)}
        for token in doc:
            # Only the starts are set (each assignment costs a pass over the doc); spaCy
            # reads the tokens left unset as inside a sentence.
            if token.i == 0 or token.idx in starts:
                token.is_sent_start = True
            elif token.i == 1:
                token.is_sent_start = False  # marks the doc as segmented even if one sentence
        return doc


class _Step:
    """A component that works on the sentence `tnkg_gazetteer` laid out (no job: no-op)."""

    def __init__(self, nlp: Language, name: str):
        pass

    def __call__(self, doc: Doc) -> Doc:
        if doc._.tnkg_job is not None:
            self.step(doc)
        return doc

    def step(self, doc: Doc) -> None:
        raise NotImplementedError


class _Gazetteer(_Step):
    def step(self, doc: Doc) -> None:
        # a blank pipeline sets no entity: no pass over the tokens for them
        entities = ({t.i: t.ent_type_ for t in doc if t.ent_type_}
                    if doc.has_annotation("ENT_TYPE") else {})
        tokens = tuple(
            Token(t.text, t.lower_, t.idx, t.idx + len(t.text), t.i == 0 or bool(t.is_sent_start),
                  entities.get(t.i, ""))
            for t in doc
        )
        sentence = lay_hits(doc.text, tokens, doc._.tnkg_job)
        doc._.tnkg_sentence = sentence
        doc.spans[SPANS_KEY] = [doc[m.start : m.end] for m in sentence.marks]


class _Disambiguate(_Step):
    def step(self, doc: Doc) -> None:
        doc._.tnkg_found = resolve(doc._.tnkg_sentence, doc._.tnkg_run.resources)
        doc.spans[SPANS_KEY] = [doc[f.mark.start : f.mark.end] for f in doc._.tnkg_found]


class _Roles(_Step):
    def step(self, doc: Doc) -> None:
        run = doc._.tnkg_run
        found = assign_roles(doc._.tnkg_sentence, doc._.tnkg_found or [], run.cues,
                             run.resources)
        doc._.tnkg_found = found
        doc.spans[SPANS_KEY] = [
            doc.char_span(f.mark.hit.start, f.mark.hit.end, label=f.role,
                          alignment_mode="expand")
            for f in found
        ]


_FACTORIES = {
    "tnkg_sentences": _Sentences,
    "tnkg_gazetteer": _Gazetteer,
    "tnkg_disambiguate": _Disambiguate,
    "tnkg_roles": _Roles,
}


def register() -> None:
    """Register the components and the Doc extensions with spaCy (again is harmless)."""
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name, factory in _FACTORIES.items():
        if not Language.has_factory(name):
            Language.factory(name, func=factory)


def add_components(nlp: Language) -> Language:
    """`nlp` with the places components: sentences first, the rest last."""
    register()
    nlp.add_pipe("tnkg_sentences", first=True)
    for name in COMPONENTS[1:]:
        nlp.add_pipe(name, last=True)
    return nlp
