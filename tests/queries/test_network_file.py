"""The network file a build writes (queries/network_file.py): `tnkg analyze` reads it instead
of the store and writes the same bytes, and reads the store whenever the file is missing or
belongs to another graph."""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tnkg.build import build_graph
from tnkg.extract.record import Membership, Municipality, Organisation, Place, ProjectRecord
from tnkg.kg.store import open_store
from tnkg.queries.analysis import analyze_store
from tnkg.queries.network_file import NETWORK_FILE, read_network_file, write_network_file

ANALYSIS_FILES = ("overlaps.csv", "centrality.csv", "communities.json", "graph.graphml",
                  "graph.gexf", "country-pairs.csv")


def _analysis_both_ways(built: Path, tmp_path: Path, **options) -> tuple[dict, dict]:
    """Every file analyze writes, once from the store and once from the network file."""
    network = read_network_file(built)
    assert network is not None
    outputs = []
    for name, source in (("from-store", None), ("from-file", network)):
        out = tmp_path / name
        analyze_store(open_store(built), out, country_pairs=True, network=source, **options)
        outputs.append({f: (out / f).read_bytes() for f in ANALYSIS_FILES})
    return outputs[0], outputs[1]


def test_analyze_of_the_sample_writes_the_same_bytes_from_the_file(pipeline_sample_dir,
                                                                   tmp_path):
    from_store, from_file = _analysis_both_ways(pipeline_sample_dir, tmp_path)
    assert from_file == from_store


def _org(key: str, parent: Organisation | None = None) -> Organisation:
    return Organisation(key=key, name=key.replace("-", " ").title(), kind="organisation",
                        parent=parent)


AGENCY = _org("agency")
ORGS = [AGENCY, *(_org(f"agency-office-{k}", AGENCY) for k in range(3)),
        *(_org(f"org-{k}") for k in range(12))]
PLACES = [
    Place("Leeds", "city", "GB", "partner", "Vi samarbetar med Leeds.", geonames_id=2644688),
    Place("Krakow", "city", "PL", "planned", "", geonames_id=3094802),
    Place("Storbritannien", "country", "GB", "related", ""),
    Place("Polen", "country", "PL", "partner", ""),
    Place("Danmark", "country", "DK", "mention", ""),
    Place("Skottland", "region", "GB", "partner", "", iso3166_2="GB-SCT"),
]
MUNICIPALITIES = [Municipality("Stockholm", "0180"), Municipality("Linköping", "0580"),
                  Municipality("Kramfors", "2282")]
ROLES = ("owner", "co-financier", "partner", "participant")


def _random_records(rng: random.Random, n: int) -> list[ProjectRecord]:
    return [
        ProjectRecord(
            source=f"page-{k}.txt",
            title=f"Projekt {rng.choice('ABCDE')}{k}",
            owner=f"Ägare {k}",
            start_date=rng.choice(["2009-03-01", "2010-01-01", None]),
            esf_grant_sek=rng.choice([None, 1_250_000, 800_000 + k]),
            memberships=tuple(Membership(rng.choice(ROLES), org)
                              for org in rng.sample(ORGS, rng.randrange(6))),
            places=tuple(rng.sample(PLACES, rng.randrange(5))),
            municipalities=tuple(rng.sample(MUNICIPALITIES, rng.randrange(3))),
            content_sha256=f"{k:064x}",
        )
        for k in range(n)
    ]


def _build_records(records: list[ProjectRecord], folder: Path, *, network: bool = True
                   ) -> Path:
    """The records built into FOLDER/out, with the network file as `tnkg build` writes it."""
    folder.mkdir(exist_ok=True)
    for rec in records:
        (folder / rec.source).write_text(rec.title, encoding="utf-8")
    by_name = {rec.source: rec for rec in records}

    def extract(paths, jobs, spacy_model):
        return [replace(by_name[Path(p).name], source=str(p)) for p in paths], []

    out = folder / "out"
    build_graph([folder / rec.source for rec in records], out_dir=out, extract=extract, jobs=1,
                pages_writer=write_network_file if network else None)
    return out


@pytest.mark.parametrize("seed", [3, 17])
def test_analyze_of_a_random_graph_writes_the_same_bytes_from_the_file(tmp_path, seed):
    built = _build_records(_random_records(random.Random(seed), 80), tmp_path / "pages")
    # few pairs listed: which of the pairs sharing as much are kept must agree too
    from_store, from_file = _analysis_both_ways(built, tmp_path, max_pairs=25)
    assert from_file == from_store
    assert from_store["overlaps.csv"].count(b"\n") == 26


def test_the_file_of_an_older_graph_is_not_read(tmp_path):
    records = _random_records(random.Random(5), 12)
    built = _build_records(records, tmp_path / "pages")
    older = (built / NETWORK_FILE).read_bytes()
    assert read_network_file(built) is not None
    _build_records(records[:-1], tmp_path / "pages")  # the same folder, one page fewer
    assert read_network_file(built) is not None  # the new build wrote its own
    (built / NETWORK_FILE).write_bytes(older)
    assert read_network_file(built) is None


def test_a_build_without_the_file_removes_the_older_one(tmp_path):
    records = _random_records(random.Random(6), 12)
    built = _build_records(records, tmp_path / "pages")
    _build_records(records[:-1], tmp_path / "pages", network=False)
    assert not (built / NETWORK_FILE).exists()


@pytest.mark.parametrize("damage", ["missing", "truncated", "not gzip", "no store link"])
def test_a_missing_or_damaged_file_is_not_read(tmp_path, damage):
    built = _build_records(_random_records(random.Random(9), 10), tmp_path / "pages")
    path = built / NETWORK_FILE
    if damage == "missing":
        path.unlink()
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:200])
    elif damage == "not gzip":
        path.write_text(json.dumps({"format": 1}), encoding="utf-8")
    else:  # the store copied in as a folder of its own
        store = built / "store"
        target = built / os.readlink(store)
        store.unlink()
        shutil.copytree(target, store)
    assert read_network_file(built) is None


def test_a_store_loaded_without_a_build_has_no_file(small_dir):
    assert read_network_file(small_dir) is None


def test_a_file_of_another_layout_is_not_read(tmp_path):
    built = _build_records(_random_records(random.Random(2), 6), tmp_path / "pages")
    path = built / NETWORK_FILE
    document = json.loads(gzip.decompress(path.read_bytes()))
    document["format"] = 0
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    assert read_network_file(built) is None


def test_the_cli_reads_the_file_and_falls_back_to_the_store(tmp_path, capsys):
    from tnkg.cli import main

    built = _build_records(_random_records(random.Random(4), 30), tmp_path / "pages")
    copy = tmp_path / "copy"
    shutil.copytree(built, copy, symlinks=True)
    (copy / NETWORK_FILE).unlink()
    assert main(["analyze", "--out", str(built)]) == 0
    assert main(["analyze", "--out", str(copy)]) == 0
    for name in ANALYSIS_FILES[:-1]:
        assert (built / name).read_bytes() == (copy / name).read_bytes(), name


# 60 projects: over a node limit of 20 the whole-graph view is the country summary
@pytest.mark.parametrize(("view", "node_limit"),
                         [("graph", 1000), ("graph", 20), ("countries", 1000),
                          ("municipalities", 1000)])
def test_viz_draws_the_same_network_from_the_file(tmp_path, view, node_limit):
    from networkx.utils import graphs_equal

    from tnkg.viz.views import load_view_network

    built = _build_records(_random_records(random.Random(5), 60), tmp_path / "pages")
    assert read_network_file(built) is not None
    from_file = load_view_network(built, view=view, node_limit=node_limit)
    (built / NETWORK_FILE).unlink()
    from_store = load_view_network(built, view=view, node_limit=node_limit)
    assert graphs_equal(from_file, from_store)
    assert list(from_file.nodes(data=True)) == list(from_store.nodes(data=True))
