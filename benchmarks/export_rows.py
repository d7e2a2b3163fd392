"""Rows of a Tillväxtverket project-bank export (regional fund and Interreg IVA), item i of a
seed at a time (`export_row`), in the columns of the real 2007-2013 export.

What a row holds follows the real export (benchmarks/data/export.json): three regional-fund
rows to one Interreg row; an Interreg row names its regions abroad in `lan_fordelning`
beside Swedish counties, usually without municipalities, and its partners abroad in a
description that is in Danish or Norwegian for a share of the Öresund-Kattegat-Skagerrak and
Sverige-Norge rows; a missing value is `Information saknas` or `Värde saknas`; the amount a
programme does not grant in is 0. Titles come from the pages' title register, so no title is
both a page's and a row's.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from random import Random

from benchmarks.pages import draw_organisations, listed, page_title, place_sentence
from benchmarks.vocabulary import draw, draw_weighted, load_vocabulary

COLUMNS = (
    "source", "arende_id", "projektnamn_short", "stodmottagare_short", "projekt_starttid",
    "projekt_sluttid", "beviljat_belopp_sek", "beviljat_belopp_euro", "projektnamn",
    "projektbeskrivning", "pagar_slut", "stodmottagare", "projektledare",
    "projektledare_telnr", "projektledare_mail", "malprogram", "omrade", "insatsomrade",
    "offentlig_finansiar", "lan_fordelning", "kommun_fordelning", "laddningsdatum",
)
MISSING = "Information saknas"
SHORT = 40  # the export's *_short columns cut names at 40 characters
ROWS_PER_FILE = 1000  # items; an export file holds the rows of one thousand items
CONJUNCTIONS = {"sv": "och", "da": "og", "nb": "og"}


def is_export_row(index: int) -> bool:
    """Whether item `index` of the corpus is an export row (else it is a page)."""
    every = load_vocabulary().export["every"]
    return index % every == every - 1


def export_name(index: int) -> str:
    """The file of the export that holds item `index`'s row."""
    return f"tillvaxtverket_{index // ROWS_PER_FILE:04d}.csv"


def export_row(index: int, *, seed: int = 0) -> dict[str, str]:
    """The row of item `index` of the corpus of `seed`, column -> text."""
    voc = load_vocabulary()
    spec = voc.export
    rng = Random(f"{seed}-row-{index}")
    interreg = rng.random() * (spec["regional"]["weight"] + spec["interreg"]["weight"]) >= (
        spec["regional"]["weight"]
    )
    programme = spec["interreg"] if interreg else spec["regional"]
    area = draw_weighted(rng, [(a, a["weight"]) for a in programme["areas"]])
    priority = draw_weighted(rng, area.get("priorities") or programme["priorities"])

    local = [m for m in voc.municipalities if m.county in area["counties"]]
    kommuner = sorted(rng.sample(local, rng.randint(1, min(8, len(local)))), key=lambda m: m.name)
    if interreg and rng.random() < programme["no_municipality_share"]:
        kommuner = []
    counties = {m.county for m in kommuner} or set(rng.sample(area["counties"], 1))
    regions_abroad = area.get("regions_abroad", [])  # none for a regional-fund area
    abroad = rng.sample(regions_abroad, min(len(regions_abroad), rng.randint(1, 3)))
    language = "sv"
    if interreg and rng.random() < programme["other_language_share"]:
        language = area["language"]

    start_year = draw_weighted(rng, spec["start_years"])
    start = f"{start_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    end = f"{start_year + rng.randint(1, 3)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    granted = rng.randint(100, 30_000) * 1000 + rng.randint(0, 999)
    sek, eur = ("0", str(granted // 9)) if interreg else (str(granted), "0")

    title = page_title(index, seed=seed)
    owner = draw_organisations(rng, 1, seed, kommuner)[0]
    leader, phone, mail = MISSING, MISSING, MISSING
    if rng.random() >= spec["contact_missing_share"]:
        first = rng.choice(voc.people["first_names"])
        last = rng.choice(voc.people["surnames"])
        leader = f"{first} {last}"
        phone = f"0{rng.randint(10, 99)}-{rng.randint(100000, 999999)}"
        mail = re.sub(r"[^a-z.]", "", f"{first.split()[0]}.{last}".lower()) + "@example.se"
    return {
        "source": spec["source"],
        "arende_id": str(spec["first_case_id"] + index),
        "projektnamn_short": title[:SHORT],
        "stodmottagare_short": owner[:SHORT],
        "projekt_starttid": start,
        "projekt_sluttid": end,
        "beviljat_belopp_sek": sek,
        "beviljat_belopp_euro": eur,
        "projektnamn": title,
        "projektbeskrivning": _description(rng, language, interreg, abroad),
        "pagar_slut": "SLUT",
        "stodmottagare": owner,
        "projektledare": leader,
        "projektledare_telnr": phone,
        "projektledare_mail": mail,
        "malprogram": programme["programme"],
        "omrade": area["name"],
        "insatsomrade": priority,
        "offentlig_finansiar": str(round(granted * rng.uniform(0.5, 1.5))),
        "lan_fordelning": ", ".join(sorted(counties) + sorted(name for name, _ in abroad)),
        "kommun_fordelning": ", ".join(m.name for m in kommuner),
        "laddningsdatum": spec["loaded"],
    }


def _description(rng: Random, language: str, interreg: bool, abroad: list) -> str:
    """About a hundred words: filler sentences in the row's language and, for Interreg, the
    partners abroad in the row's regions' countries."""
    voc = load_vocabulary()
    spec = voc.export
    pool = voc.filler["*"] if language == "sv" else spec["filler"][language]
    words = spec["description_words"]
    wanted = min(words["max"], max(words["min"], round(words["median"] * rng.lognormvariate(
        0, words["sigma"]))))
    sentences, count = [], 0
    while count < wanted:
        sentences.append(rng.choice(pool))
        count += len(sentences[-1].split())
    if interreg and abroad:
        sentences.insert(rng.randint(0, len(sentences)), _partner_sentence(rng, language, abroad))
    elif not interreg and rng.random() < spec["regional"]["place_share"]:
        sentences.insert(rng.randint(0, len(sentences)), place_sentence(rng, "related"))
    return " ".join(sentences)


def _partner_sentence(rng: Random, language: str, abroad: list) -> str:
    voc = load_vocabulary()
    role = "planned" if rng.random() < 0.2 else "partner"
    template = rng.choice(voc.export["partner_sentences"][language][role])
    cities = []
    for _, iso in abroad:
        names, cum = voc.cities[iso]
        cities.append(draw(rng, names, cum))
    cities = list(dict.fromkeys(cities))
    return template.format(cities=listed(cities, CONJUNCTIONS[language]), city=cities[0])


def write_export(path: Path, rows: list[dict[str, str]]) -> None:
    """An export file of `rows`, with the real export's header."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
