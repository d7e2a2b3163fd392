"""Foreign places and their partnership roles, found in a page's texts.

    finder = PlaceFinder()                      # once per run: gazetteer, cues, pipeline
    finder.find_in_record(rec) -> tuple[Place, ...]
    finder.find(texts, transnational=False, programme_countries=frozenset())

The finder is the run's context: it holds the gazetteer, the near-miss index, the language
data and the spaCy pipeline (`spacy.blank("sv")`, or a trained pipeline named by
`--spacy-model`, whose PER entities then help), and nothing about it lives in module
globals. The work is done by plain functions, module by module:

- `prescan`: the Aho-Corasick automaton over each text, the sentences worth a look and the
  page's facts (countries it names, its language);
- `components`: the spaCy components (registered there and only there), which hand each
  sentence to `disambiguation` (is it a place, which one) and `roles` (partner > planned >
  related > mention);
- this module: the record's texts in, one `Place` per distinct place out, with its first
  spelling, other spellings, strongest role and the most explicit sentence for it.

`find` is a pure function of its texts: the same page gives the same places whatever was
extracted before it and in whichever process.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import spacy
from spacy.lang.da.stop_words import STOP_WORDS as DANISH_STOP_WORDS
from spacy.lang.nb.stop_words import STOP_WORDS as NORWEGIAN_STOP_WORDS
from spacy.lang.sv.stop_words import STOP_WORDS as SWEDISH_STOP_WORDS
from spacy.language import Language

from tnkg.errors import ExtractError
from tnkg.extract.gazetteer import Candidate, Gazetteer
from tnkg.extract.gazetteer_cache import load_gazetteer
from tnkg.extract.places.components import add_components
from tnkg.extract.places.disambiguation import Resources
from tnkg.extract.places.matching import FuzzyIndex
from tnkg.extract.places.prescan import Job, Text, scan_page
from tnkg.extract.places.roles import RoleCues
from tnkg.extract.places.words import PlaceWords
from tnkg.extract.record import Place, ProjectRecord, Section
from tnkg.extract.sentences import SentenceSplitter
from tnkg.extract.vocabulary import PLACE_ROLES

__all__ = ["PlaceFinder", "Text", "find_places", "load_pipeline"]

_RANK = {role: i for i, role in enumerate(PLACE_ROLES)}  # 0 is strongest
# Field labels of a record's texts, by layout: (title, owner, partner lists).
_CSV_LABELS = ("projektnamn", "stodmottagare")
_PAGE_LABELS = ("Projektnamn", "Projektägare")
DISTRIBUTION_LABEL = "lan_fordelning"


def load_pipeline(model: str | None = None) -> Language:
    """A places pipeline: blank Swedish, or an installed trained pipeline's signals.

    `model` is the name or path of an installed spaCy pipeline; nothing is downloaded.
    """
    if model is None:
        nlp = spacy.blank("sv")
    else:
        try:
            nlp = spacy.load(model)
        except (OSError, ValueError, ImportError) as error:
            raise ExtractError(
                f"spaCy model {model!r} could not be loaded (install it first; tnkg never "
                f"downloads models): {str(error).splitlines()[0]}"
            ) from None
    return add_components(nlp)


@dataclass(frozen=True, slots=True)
class RunContext:
    """What the components read besides the sentence: travels on each Doc."""

    resources: Resources
    cues: RoleCues


@dataclass(frozen=True, slots=True)
class _Found:
    order: tuple[int, int]  # (text index, character offset): text order
    written: str
    role: str
    strength: int  # how explicitly the sentence gives the role (see roles.assign_roles)
    evidence: str
    place: Candidate


class PlaceFinder:
    """The places finder of one run (one per process): build it once, call it per page."""

    def __init__(self, *, model: str | None = None, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
        stop_words = frozenset(SWEDISH_STOP_WORDS | DANISH_STOP_WORDS | NORWEGIAN_STOP_WORDS)
        self.words = PlaceWords.load()
        self.splitter = SentenceSplitter()
        self.fuzzy = FuzzyIndex(self.gazetteer, stop_words)
        self.context = RunContext(Resources(self.gazetteer, self.words, stop_words),
                                  RoleCues.load())
        self.nlp = load_pipeline(model)

    def find_in_record(self, rec: ProjectRecord) -> tuple[Place, ...]:
        """The places of a record: its title, owner and partner lists, its sections, and
        for an export row the regions abroad of its distribution (`lan_fordelning`), which
        are the programme's partner regions.

        An export row's fund says whether it is an Interreg project; a page says so in its
        words (`Interreg`, `gränsöverskridande samarbete`, `norsk prosjekteier`): either way
        its text is about cooperation across a border."""
        extra = dict(rec.extra)
        regions = extra.get("regions_abroad") or ()
        csv_row = rec.layout == "tillvaxtverket-csv"
        title_label, owner_label = _CSV_LABELS if csv_row else _PAGE_LABELS
        texts = [Text(title_label, rec.title or "", labelled=True),
                 Text(owner_label, rec.owner or "", is_field=True, labelled=True)]
        texts += [Text(s.heading, s.text) for s in rec.sections]
        texts += [Text("Medfinansiärer", c, is_field=True, labelled=True)
                  for c in rec.co_financiers]
        texts += [Text("Samarbetspartners", p, is_field=True, labelled=True)
                  for p in rec.partners]
        texts += [Text("Deltagande aktörer", p, is_field=True, labelled=True)
                  for p in rec.participants]
        texts = [t for t in texts if t.text.strip()]
        transnational = rec.fund.startswith("Interreg") or (
            not csv_row and self.context.cues.is_transnational_page(t.text for t in texts))
        found = self._find(
            texts,
            transnational=transnational,
            programme_countries=frozenset(r["country"] for r in regions),
        )
        evidence = f"{DISTRIBUTION_LABEL}: {extra.get(DISTRIBUTION_LABEL) or ''}".strip()
        for index, region in enumerate(regions):
            place = self._region(region)
            if place is not None:
                found.append(_Found((len(texts), index), region["name"], "partner", 100,
                                    evidence, place))
        return tuple(_merge(found))

    def find(
        self,
        texts: Sequence[Text | Section],
        *,
        transnational: bool = False,
        programme_countries: frozenset[str] = frozenset(),
    ) -> tuple[Place, ...]:
        """The foreign places the texts (sections, or `Text`s) name, one per place."""
        items = [t if isinstance(t, Text) else Text(t.heading, t.text) for t in texts]
        return tuple(_merge(self._find(items, transnational=transnational,
                                       programme_countries=programme_countries)))

    def _find(self, texts: list[Text], *, transnational: bool,
              programme_countries: frozenset[str]) -> list[_Found]:
        resources = self.context.resources
        jobs = scan_page(
            texts,
            gaz=self.gazetteer,
            fuzzy=self.fuzzy,
            words=self.words,
            splitter=self.splitter,
            stop_words=resources.stop_words,
            is_label=self.context.cues.is_field_label,
            transnational=transnational,
            programme_countries=programme_countries,
        )
        docs = []
        for job in jobs:
            doc = self.nlp.make_doc(job.sentence)
            doc._.tnkg_job = job
            doc._.tnkg_run = self.context
            docs.append(doc)
        found: list[_Found] = []
        for job, doc in zip(jobs, self.nlp.pipe(docs), strict=True):
            evidence = _evidence(job)
            for item in doc._.tnkg_found or ():
                hit = item.mark.hit
                written = job.sentence[hit.start : hit.end]
                if not hit.fuzzy and not hit.adjective and written != hit.name:
                    written = hit.name  # a genitive or a name in capitals: the name itself
                found.append(_Found((job.text_index, job.offset + hit.start), written,
                                    item.role, item.strength, evidence, item.place))
        return found

    def _region(self, region: dict) -> Candidate | None:
        """The region of a `regions_abroad` entry of an export row."""
        code = region.get("iso3166_2")
        name = region.get("official_name") or region["name"]
        return Candidate(kind="region", country=region["country"], name=name,
                         population=10**6, iso3166_2=code)


def _evidence(job: Job) -> str:
    text = f"{job.lead} {job.sentence}" if job.lead else job.sentence
    text = " ".join(text.split())
    return f"{job.label}: {text}" if job.labelled else text


def find_places(sections: Sequence[Section], *, finder: PlaceFinder) -> tuple[Place, ...]:
    """The foreign places the sections name (`finder.find`)."""
    return finder.find(sections)


def _key(place: Candidate) -> tuple:
    if place.kind == "city":
        return ("city", place.geonames_id or f"{place.country}-{place.name}")
    if place.kind == "country":
        return ("country", place.country)
    return ("region", place.iso3166_2 or f"{place.country}-{place.name}")


def _merge(found: Iterable[_Found]) -> list[Place]:
    """One Place per distinct place: first spelling, other spellings, strongest role."""
    by_place: dict[tuple, list[_Found]] = {}
    for f in sorted(found, key=lambda f: f.order):
        by_place.setdefault(_key(f.place), []).append(f)
    places = []
    for group in by_place.values():
        # the strongest role; among its sentences the most explicit, then the first
        best = min(group, key=lambda f: (_RANK[f.role], -f.strength, f.order))
        first = group[0]
        variants = tuple(dict.fromkeys(f.written for f in group if f.written != first.written))
        p = first.place
        places.append(
            Place(
                name=first.written,
                kind=p.kind,
                country=p.country,
                role=best.role,
                evidence=best.evidence,
                geonames_id=p.geonames_id if p.kind == "city" else None,
                iso3166_2=p.iso3166_2 if p.kind == "region" else None,
                variants=variants,
            )
        )
    return places
