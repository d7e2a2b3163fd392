"""The extracted project record: the interface between extraction and the graph.

The JSON form (`record_to_json`) is the published format of
`tnkg extract --json`, described in docs/extract.md and in the shared contract
`extract-record.md`: keys keep their names and meaning, extra keys are
welcome. Records are frozen so that no later stage can change what
extraction produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

# the values of Place.role, Place.kind and Membership.role, defined once in vocabulary.py
from tnkg.extract.vocabulary import ORGANISATION_ROLES, PLACE_KINDS, PLACE_ROLES  # noqa: F401


@dataclass(frozen=True, slots=True)
class ProgrammeArea:
    number: int | None
    name: str | None


@dataclass(frozen=True, slots=True)
class Contact:
    name: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class Municipality:
    """A `Kommun` entry: the name as written and its 4-digit SCB code (None if unknown)."""

    name: str
    code: str | None


@dataclass(frozen=True, slots=True)
class Organisation:
    """An organisation a name stands for (extract/organisations.py says how names resolve)."""

    key: str  # URL-safe, [a-z0-9-]+: the same organisation has the same key on every page
    name: str  # as written: NFC, invisible characters removed, whitespace collapsed
    kind: str  # municipality, agency, unit, organisation
    parent: Organisation | None = None
    located_in: str | None = None  # SCB municipality code the name places it in
    governs: str | None = None  # SCB code, for a municipality acting as an organisation
    county: str | None = None  # SCB county code the name places it in


@dataclass(frozen=True, slots=True)
class Membership:
    """An organisation a page names in one of its lists, with the list's role."""

    role: str  # one of ORGANISATION_ROLES
    organisation: Organisation


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class Place:
    """A place abroad named in a page's text, with the strongest role the page gives it."""

    name: str
    kind: str  # one of PLACE_KINDS
    country: str  # ISO 3166-1 alpha-2
    role: str  # one of PLACE_ROLES
    evidence: str
    geonames_id: int | None = None
    iso3166_2: str | None = None
    variants: tuple[str, ...] = ()  # other spellings of the place in the same text


@dataclass(frozen=True, slots=True)
class ProjectRecord:
    source: str
    title: str | None = None
    programme_area: ProgrammeArea | None = None
    phase: str | None = None
    owner: str | None = None
    contact: Contact = field(default_factory=Contact)
    esf_grant_sek: int | None = None
    total_budget_sek: int | None = None
    start_date: str | None = None
    end_date: str | None = None
    region: str | None = None
    sections: tuple[Section, ...] = ()
    co_financiers: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    municipalities: tuple[Municipality, ...] = ()
    places: tuple[Place, ...] = ()
    # extra keys of the JSON form
    # the organisations of owner, co_financiers, partners and participants, resolved, in
    # that order (empty names left out)
    memberships: tuple[Membership, ...] = ()
    layout: str = "esf-2007"  # esf-2007, esf-2014, esf-flat, free-text, tillvaxtverket-csv
    fund: str = "ESF"  # ESF, ERDF, Interreg IVA
    content_sha256: str | None = None
    # the public address of the page or row (a page file's `# source:` line; the export's
    # `source` column and the row's case id), None when unknown; never a local path
    source_url: str | None = None
    warnings: tuple[str, ...] = ()
    extra: tuple[tuple[str, Any], ...] = ()  # source-specific fields, as (key, value) pairs

    def section_text(self) -> str:
        """All section texts joined, in page order."""
        return "\n\n".join(s.text for s in self.sections)


def _place_to_json(place: Place) -> dict[str, Any]:
    data = {
        "name": place.name,
        "kind": place.kind,
        "country": place.country,
        "geonames_id": place.geonames_id,
        "iso3166_2": place.iso3166_2,
        "role": place.role,
        "evidence": place.evidence,
    }
    if place.variants:
        data["variants"] = list(place.variants)
    return data


def _organisation_to_json(org: Organisation) -> dict[str, Any]:
    return {
        "key": org.key,
        "name": org.name,
        "kind": org.kind,
        "parent": _organisation_to_json(org.parent) if org.parent else None,
        "located_in": org.located_in,
        "governs": org.governs,
        "county": org.county,
    }


def _organisation_from_json(data: dict[str, Any]) -> Organisation:
    parent = data.get("parent")
    return Organisation(
        key=data["key"],
        name=data["name"],
        kind=data["kind"],
        parent=_organisation_from_json(parent) if parent else None,
        located_in=data.get("located_in"),
        governs=data.get("governs"),
        county=data.get("county"),
    )


def record_to_json(rec: ProjectRecord) -> dict[str, Any]:
    """The record as the JSON object of the published extract format."""
    return {
        "source": rec.source,
        "title": rec.title,
        "programme_area": (
            {"number": rec.programme_area.number, "name": rec.programme_area.name}
            if rec.programme_area
            else None
        ),
        "phase": rec.phase,
        "owner": rec.owner,
        "contact": {
            "name": rec.contact.name,
            "email": rec.contact.email,
            "phone": rec.contact.phone,
        },
        "esf_grant_sek": rec.esf_grant_sek,
        "total_budget_sek": rec.total_budget_sek,
        "start_date": rec.start_date,
        "end_date": rec.end_date,
        "region": rec.region,
        "sections": {s.heading: s.text for s in rec.sections},
        "co_financiers": list(rec.co_financiers),
        "partners": list(rec.partners),
        "participants": list(rec.participants),
        "municipalities": [{"name": m.name, "code": m.code} for m in rec.municipalities],
        "places": [_place_to_json(p) for p in rec.places],
        "organisations": [
            {"role": m.role, **_organisation_to_json(m.organisation)} for m in rec.memberships
        ],
        "layout": rec.layout,
        "fund": rec.fund,
        "content_sha256": rec.content_sha256,
        "source_url": rec.source_url,
        "warnings": list(rec.warnings),
        **({"extra": dict(rec.extra)} if rec.extra else {}),
    }


def record_from_json(data: dict[str, Any]) -> ProjectRecord:
    """Inverse of `record_to_json` (used by the build cache)."""
    area = data.get("programme_area")
    contact = data.get("contact") or {}
    known = {f.name for f in fields(Place)}
    return ProjectRecord(
        source=data["source"],
        title=data.get("title"),
        programme_area=ProgrammeArea(area.get("number"), area.get("name")) if area else None,
        phase=data.get("phase"),
        owner=data.get("owner"),
        contact=Contact(contact.get("name"), contact.get("email"), contact.get("phone")),
        esf_grant_sek=data.get("esf_grant_sek"),
        total_budget_sek=data.get("total_budget_sek"),
        start_date=data.get("start_date"),
        end_date=data.get("end_date"),
        region=data.get("region"),
        sections=tuple(Section(h, t) for h, t in (data.get("sections") or {}).items()),
        co_financiers=tuple(data.get("co_financiers") or ()),
        partners=tuple(data.get("partners") or ()),
        participants=tuple(data.get("participants") or ()),
        municipalities=tuple(
            Municipality(m["name"], m.get("code")) for m in data.get("municipalities") or ()
        ),
        places=tuple(
            Place(**{k: (tuple(v) if k == "variants" else v) for k, v in p.items() if k in known})
            for p in data.get("places") or ()
        ),
        memberships=tuple(
            Membership(m["role"], _organisation_from_json(m))
            for m in data.get("organisations") or ()
        ),
        layout=data.get("layout", "esf-2007"),
        fund=data.get("fund", "ESF"),
        content_sha256=data.get("content_sha256"),
        source_url=data.get("source_url"),
        warnings=tuple(data.get("warnings") or ()),
        extra=tuple((data.get("extra") or {}).items()),
    )
