"""Review of the places found, for researchers: what each written form was taken for, and
an exclusion file that drops the ties a reader finds wrong.

`review_rows(records)` gives one row per distinct (written form, place): the place, its
country, how often each role was given, one evidence sentence, most doubtful first. The
review is written as CSV (`tnkg extract --review`); a copy keeping only the wrong rows is an
exclusion file (`--exclude-places FILE` of `tnkg extract` and `tnkg build`): every tie of a
listed written form to the listed place is dropped (a row without `place_id` drops the
written form's ties to any place).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from tnkg.errors import ExtractError
from tnkg.extract.record import Place, ProjectRecord
from tnkg.extract.vocabulary import PLACE_ROLES

REVIEW_COLUMNS = (
    "written", "place_id", "place", "kind", "country", "projects", *PLACE_ROLES, "doubt",
    "example_source", "evidence",
)
# Countries of Europe and its neighbourhood where partners of these projects are expected;
# a place elsewhere is more likely a word taken for a place.
_NEAR_COUNTRIES = frozenset(
    {"NO", "DK", "FI", "IS", "FO", "DE", "PL", "GB", "EE", "LV", "LT", "NL", "BE", "FR", "ES",
     "IT", "AT", "CH", "CZ", "SK", "HU", "IE", "PT", "GR", "SI", "HR", "RO", "BG", "LU", "MT",
     "CY"}
)


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A written form (case kept) and the place it must not be taken for (None: any)."""

    written: str
    place_id: str | None = None


def place_id(place: Place) -> str:
    """The place's key: GeoNames id of a city, ISO 3166-2 code of a region, ISO code of a
    country (`2618425`, `NO-01`, `DK`); `CC:name` for a place without a code."""
    if place.kind == "city" and place.geonames_id is not None:
        return str(place.geonames_id)
    if place.kind == "region" and place.iso3166_2:
        return place.iso3166_2
    if place.kind == "country":
        return place.country
    return f"{place.country}:{place.name}"


def review_rows(records: Iterable[ProjectRecord]) -> list[dict[str, object]]:
    """One row per distinct (written form, place), most doubtful first."""
    groups: dict[tuple[str, str], dict] = {}
    for rec in records:
        for place in rec.places:
            for written in (place.name, *place.variants):
                key = (written, place_id(place))
                row = groups.setdefault(key, {
                    "written": written, "place_id": key[1], "place": place.name,
                    "kind": place.kind, "country": place.country, "roles": Counter(),
                    "projects": 0, "example_source": rec.source, "evidence": place.evidence,
                })
                row["roles"][place.role] += 1
                row["projects"] += 1
    rows = []
    for row in groups.values():
        roles = row.pop("roles")
        rows.append({**row, **{role: roles.get(role, 0) for role in PLACE_ROLES},
                     "doubt": _doubt(row, roles)})
    rows.sort(key=lambda r: (-r["doubt"], r["written"], r["place_id"]))
    return rows


def _doubt(row: dict, roles: Counter) -> float:
    """How likely a tie is wrong: far away, found once, short, a mere mention."""
    doubt = 0.0
    if row["country"] not in _NEAR_COUNTRIES:
        doubt += 2
    if row["projects"] == 1:
        doubt += 1
    if len(row["written"]) <= 4:
        doubt += 1
    if row["written"].lower() == row["written"]:
        doubt += 0.5
    doubt += roles.get("mention", 0) / max(sum(roles.values()), 1)
    return round(doubt, 2)


def write_review(rows: list[dict[str, object]]) -> str:
    """The review rows as CSV text."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=REVIEW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def read_exclusions(path: str | Path) -> frozenset[Exclusion]:
    """The exclusions of a CSV file with a `written` column (and optionally `place_id`), such
    as a trimmed copy of the review. Raises ExtractError naming the file when it is unusable."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ExtractError(f"{path}: cannot read the exclusion file ({error})") from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "written" not in reader.fieldnames:
        raise ExtractError(f"{path}: an exclusion file needs a `written` column "
                           "(a copy of the review CSV keeping the wrong rows)")
    return frozenset(
        Exclusion(row["written"].strip(), (row.get("place_id") or "").strip() or None)
        for row in reader
        if (row.get("written") or "").strip()
    )


def drop_excluded(places: tuple[Place, ...], exclusions: frozenset[Exclusion]
                  ) -> tuple[Place, ...]:
    """The places less the ties the exclusions name; a place whose first spelling is
    excluded but another is not keeps the other spellings."""
    if not exclusions:
        return places
    kept = []
    for place in places:
        key = place_id(place)
        spellings = [w for w in (place.name, *place.variants)
                     if Exclusion(w) not in exclusions and Exclusion(w, key) not in exclusions]
        if not spellings:
            continue
        kept.append(replace(place, name=spellings[0], variants=tuple(spellings[1:])))
    return tuple(kept)
