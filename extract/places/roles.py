"""Roles: partner > planned > related > mention, from the cues of a clause and its sentence.

Plain functions over text: `RoleCues.load()` compiles every language's cue tables
(`tnkg.extract.lang.<lang>.role_cues`) once per run, `RoleCues.of(text)` says which cues a
text carries, and `decide_role` turns them into a role. Cue names are qualified by their
language (`sv.partners_ar`, `da.i_samarbejde_med`), as tests/data/places/roles.tsv names them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from tnkg.extract.lang import CUE_LANGUAGES, language_module
from tnkg.extract.places.disambiguation import NEIGHBOUR_COUNTRIES, Resources, is_qualifier
from tnkg.extract.places.screen import ScreenedPatterns
from tnkg.extract.places.tokens import Resolved, Sentence

# Cue tables of every language: attribute -> category of `Cues`.
CUE_TABLES = {
    "PARTNER_CUES": "partner",
    "JOINT_WORK_CUES": "joint",
    "PLANNED_CUES": "planned",
    "PAST_CUES": "past",
    "RELATED_CUES": "related",
    "CONTINUING_CUES": "continuing",
    "NEGATION_CUES": "negation",
    "FIELD_LABELS": "field",
}
CATEGORIES = tuple(CUE_TABLES.values())
# A field's label on a line of its own is short (`Projektets partner`, `Andre partnere`).
MAX_LABEL_WORDS = 4


@dataclass(frozen=True, slots=True)
class Cues:
    """Which cues a piece of text carries (qualified names of the cue tables' entries)."""

    partner: tuple[str, ...] = ()
    joint: tuple[str, ...] = ()
    planned: tuple[str, ...] = ()
    past: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    continuing: tuple[str, ...] = ()
    negation: tuple[str, ...] = ()
    field: tuple[str, ...] = ()
    frame: bool = False  # a word of partnership, travel or exchange

    def count(self) -> int:
        """How explicit the text is about roles: the number of cues it carries."""
        return sum(len(getattr(self, c)) for c in CATEGORIES if c != "negation")


@dataclass(frozen=True, slots=True)
class RoleCues:
    """Every language's cue tables, compiled."""

    tables: dict[str, dict[str, re.Pattern[str]]]  # category -> qualified name -> pattern
    screens: dict[str, re.Pattern[str]]  # category -> one pattern for the whole table
    any_cue: re.Pattern[str]
    frame: re.Pattern[str]
    trips: frozenset[str]  # planned cues that are trips: planned unless told in the past
    weak: frozenset[str]  # planned cues that need a partnership word
    mention_after: tuple[re.Pattern[str], ...]
    mention_before: tuple[re.Pattern[str], ...]
    clause_break: re.Pattern[str]
    transnational_headings: tuple[str, ...]
    page_markers: ScreenedPatterns  # words of a page about cooperation across a border
    trip_purpose: re.Pattern[str]  # a sentence telling the purpose of the trip before it

    @classmethod
    def load(cls) -> RoleCues:
        modules = {lang: language_module(lang, "role_cues") for lang in CUE_LANGUAGES}
        tables: dict[str, dict[str, re.Pattern[str]]] = {c: {} for c in CATEGORIES}
        trips, weak = set(), set()
        for lang, module in modules.items():
            for attribute, category in CUE_TABLES.items():
                for name, pattern in getattr(module, attribute).items():
                    tables[category][f"{lang}.{name}"] = re.compile(pattern, re.I)
            trips.update(f"{lang}.{name}" for name in module.TRIP_PLANNED)
            weak.update(f"{lang}.{name}" for name in module.WEAK_PLANNED)
        screens = {
            category: re.compile("|".join(f"(?:{p.pattern})" for p in table.values()), re.I)
            for category, table in tables.items()
            if table
        }
        breaks = [m.CLAUSE_BREAK for m in modules.values() if m.CLAUSE_BREAK]
        return cls(
            tables=tables,
            screens=screens,
            any_cue=re.compile("|".join(f"(?:{s.pattern})" for s in screens.values()), re.I),
            frame=re.compile("|".join(f"(?:{m.PARTNERSHIP_WORDS})" for m in modules.values()),
                             re.I),
            trips=frozenset(trips),
            weak=frozenset(weak),
            mention_after=tuple(re.compile(p, re.I if name != "university" else 0)
                                for m in modules.values()
                                for name, p in m.MENTION_AFTER.items()),
            mention_before=tuple(re.compile(p, re.I) for m in modules.values()
                                 for p in m.MENTION_BEFORE.values()),
            clause_break=re.compile("|".join(f"(?:{b})" for b in breaks), re.I),
            transnational_headings=tuple(h for m in modules.values()
                                         for h in m.TRANSNATIONAL_HEADINGS),
            trip_purpose=re.compile("|".join(f"(?:{m.TRIP_PURPOSE})" for m in modules.values()),
                                    re.I),
            page_markers=ScreenedPatterns(
                p for m in modules.values() for p in getattr(m, "TRANSNATIONAL_PAGE_MARKERS", ())),
        )

    def names(self) -> dict[str, str]:
        """Qualified cue name -> category, for every cue of every table."""
        return {name: c for c, table in self.tables.items() for name in table}

    def of(self, text: str) -> Cues:
        """The cues `text` carries."""
        frame = bool(self.frame.search(text))
        if not self.any_cue.search(text):
            return Cues(frame=frame)
        found = {}
        for category, table in self.tables.items():
            screen = self.screens.get(category)
            if screen is None or not screen.search(text):
                continue  # most texts carry no cue of a table: one search rules it out
            found[category] = tuple(n for n, p in table.items() if p.search(text))
        return Cues(**found, frame=frame)

    def is_transnational_heading(self, heading: str) -> bool:
        return heading.strip().lower().startswith(self.transnational_headings)

    def is_transnational_page(self, texts) -> bool:
        """Whether a page's texts are about cooperation across a border (`Interreg`,
        `gränsöverskridande samarbete`, `norsk prosjekteier`, `both sides of the border`).

        >>> RoleCues.load().is_transnational_page(["Ett Interreg-projekt om turism."])
        True
        """
        return any(self.page_markers.search_any(text) for text in texts)

    def is_field_label(self, line: str) -> bool:
        """Whether a line is the label of a field naming the project's owners, partners or
        financiers, its value on the lines below (`Norsk prosjekteier`, `Medfinansiärer`).

        >>> cues = RoleCues.load()
        >>> cues.is_field_label("Norsk prosjekteier"), cues.is_field_label("Bakgrund")
        (True, False)
        """
        label = line.strip().rstrip(":").strip()
        if not label or len(label.split()) > MAX_LABEL_WORDS or label[-1] in ".!?":
            return False
        return any(p.search(label + ":") for p in self.tables["field"].values())

    def clause(self, text: str, start: int, end: int) -> str:
        """The clause of `text` around [start, end): a new subject starts a new clause."""
        cuts = [0] + [m.start() for m in self.clause_break.finditer(text)] + [len(text)]
        i = bisect_right(cuts, start) - 1
        return text[cuts[i] : max(cuts[i + 1], end)]

    def decide(self, c: Cues, *, transnational: bool = False, listed: bool = False,
               joint_page: bool = False) -> str:
        """The role that a text carrying cues `c` gives the places it names.

        `transnational`: the text is about the project's transnational work (its section, or
        an Interreg row), so a word of partnership is enough; `listed`: the text is an item
        of a list that a cue line opened (`Våra partners är:`); `joint_page`: the whole page
        is about a cooperation (an Interreg project). An intent verb (`ska`, `kommer att`)
        makes a plan only where no partnership is stated or given by the page: `ska
        tillsammans med aktörer i X utveckla` is joint work, `vill samarbeta med en
        organisation i X` a plan.

        >>> cues = RoleCues.load()
        >>> cues.decide(cues.of("Våra transnationella partners är Bodø och Riga."))
        'partner'
        >>> cues.decide(cues.of("Vi avser också att söka samarbetspartner i Polen."))
        'planned'
        >>> cues.decide(cues.of("Vi ska tillsammans med aktörer i Norge utveckla metoder."))
        'partner'
        """
        stated = bool(c.partner or c.joint or c.field)
        partnership = stated or (transnational and c.frame) or listed
        if c.related and (partnership or c.frame):
            return "related"
        if c.continuing and (partnership or c.frame):
            return "partner"  # `fortsätta samarbetet med`: a partner already
        trips = [p for p in c.planned if p in self.trips]
        intent = [p for p in c.planned if p not in self.trips]
        strong_intent = [p for p in intent if p not in self.weak]
        if c.negation:
            # `har inga transnationella partners`: no partner, unless one is sought
            return "planned" if strong_intent or (intent and c.frame) else "mention"
        if strong_intent:
            return "planned"
        if stated or (joint_page and c.frame and intent and not trips):
            return "partner"
        if trips:
            return "partner" if c.past else "planned"
        if intent and (partnership or c.frame):
            return "planned"
        if partnership or (c.past and c.frame):
            return "partner"
        return "mention"

    def is_local_mention(self, text: str, start: int, end: int) -> bool:
        """Background facts about the place at [start, end) of `text`: `Polen har tagit
        initiativ`, `kommer från X`, `export till X`."""
        after = text[end : end + 60]
        before = text[max(0, start - 60) : start]
        return any(p.search(after) for p in self.mention_after) or any(
            p.search(before) for p in self.mention_before
        )


def assign_roles(sentence: Sentence, found: list[Resolved], cues: RoleCues,
                 res: Resources) -> list[Resolved]:
    """Each place of the sentence with its role from the cues of its clause, its sentence,
    the list it is an item of, the field it stands in and the page (an Interreg row's text
    is transnational: a place across its border is a partner unless a cue says otherwise).
    How explicit the sentence is goes into `strength`, to choose the evidence among
    sentences giving the same role."""
    if not found:
        return []
    job = sentence.job
    page = job.page
    text = sentence.text
    # a section about transnational work: a word of partnership is enough there (an Interreg
    # row's whole text is about cooperation across its border, see `across` below)
    transnational = cues.is_transnational_heading(job.label)
    lead = job.lead
    listed = bool(lead) and cues.decide(cues.of(lead), transnational=transnational) != "mention"
    whole = f"{lead} {text}" if lead else text
    if job.following and cues.trip_purpose.match(job.following):
        whole = f"{whole} {job.following}"  # the trip's purpose, told in the next sentence
    whole_cues = cues.of(whole)
    stated = bool(whole_cues.partner or whole_cues.joint or whole_cues.field)
    across = page.programme_countries or NEIGHBOUR_COUNTRIES
    out = []
    for item in found:
        mark = item.mark
        hit = mark.hit
        local = not (job.is_field or stated) and cues.is_local_mention(text, hit.start, hit.end)
        if local or is_qualifier(sentence, item, found, res):
            out.append(replace(item, role="mention"))
            continue
        # an Interreg project's own cooperation: with the other side of its border
        joint = page.transnational and item.place.country in across
        role = cues.decide(whole_cues, transnational=transnational, listed=listed,
                           joint_page=joint)
        clause = cues.clause(text, hit.start, hit.end)
        clause_cues = cues.of(clause) if clause != text else whole_cues
        if hit.adjective and clause_cues.negation:
            continue  # `ingen dansk partner`: no partner's country
        if clause != text:
            clause_role = cues.decide(clause_cues, transnational=transnational,
                                      listed=listed, joint_page=joint)
            if clause_role != "mention":
                role = clause_role
        if hit.adjective == "actor" and not stated:
            continue  # `norska universitet` names partners only where a partnership is stated
        if role == "mention" and (job.is_field or hit.adjective):
            role = "partner"  # the owner's or a partner's place, a partner's country
        if role == "mention" and joint:
            role = "partner"  # the other side of the border of an Interreg project
        if hit.fuzzy and role not in ("partner", "planned"):
            continue  # a near miss counts only where the text is about partnership
        out.append(replace(item, role=role))
    explicit = whole_cues.count() + (2 if listed or job.is_field else 0)
    return [
        replace(item, strength=explicit + sum(1 for o in out if o.role == item.role))
        for item in out
    ]
