"""The build end to end on the sample (gold records standing in for the parser)."""

import hashlib
import json
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from support import SAMPLE_PAGES, gold_extract, gold_record

from tnkg.build import build_graph
from tnkg.errors import BuildError, StoreError
from tnkg.kg import store as store_module
from tnkg.kg.export import FORMATS, export_graph
from tnkg.kg.iri import content_address, project_key
from tnkg.kg.store import open_store
from tnkg.kg.validate import load_graph, validate_graph
from tnkg.lock import build_lock

ID = "https://w3id.org/tnkg/id/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PREFIXES = """
PREFIX tnkg: <https://w3id.org/tnkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def select(out_dir, query: str) -> list[tuple]:
    """Rows of a query over the union of the named graphs."""
    store = open_store(out_dir)
    rows = store.query(PREFIXES + query, use_default_graph_as_union=True)
    return [tuple(term.value if term is not None else None for term in row) for row in rows]


def copy_pages(tmp_path: Path, pages=SAMPLE_PAGES) -> list[Path]:
    folder = tmp_path / "pages"
    folder.mkdir()
    return [Path(shutil.copy(page, folder / page.name)) for page in pages]


def test_sample_builds_and_conforms(sample_build):
    out, report = sample_build
    assert report.counts["projects"] == 5
    assert report.counts["named_graphs"] == 7  # five pages, the shared graph, the overlaps
    assert not report.errors
    validation = validate_graph(out)
    assert validation.conforms, [str(v) for v in validation.violations]
    for name in ("graph.ttl", "graph.trig", "records.json", "report.json"):
        assert (out / name).stat().st_size > 0


def test_every_partner_city_has_its_geonames_link(sample_build):
    out, _report = sample_build
    rows = select(out, """
        SELECT DISTINCT ?city ?same WHERE {
          ?tie tnkg:place ?city ; tnkg:placeRole tnkg:PartnerPlace .
          ?city a schema:City .
          OPTIONAL { ?city owl:sameAs ?same }
        }""")
    assert len(rows) == 4  # Trondheim, Warszawa, Köpenhamn, Birmingham on page 001
    for city, same in rows:
        assert same == "https://sws.geonames.org/" + city.rsplit("/", 1)[1] + "/"


def test_each_page_is_a_named_graph_with_its_provenance(sample_build):
    out, _report = sample_build
    store = open_store(out)
    graphs = {g.value for g in store.named_graphs()}
    expected = {ID + "source/" + hashlib.sha256(p.read_bytes()).hexdigest() for p in SAMPLE_PAGES}
    assert graphs == expected | {ID + "graph/shared", ID + "graph/overlaps"}
    rows = select(out, """
        SELECT ?g ?address ?hash ?time ?version WHERE {
          GRAPH ?g { ?g dcterms:source ?address ; tnkg:contentHash ?hash ;
                        prov:generatedAtTime ?time ; prov:wasGeneratedBy ?run .
                     ?project prov:wasDerivedFrom ?g ; a schema:Project }
          ?run schema:softwareVersion ?version }""")
    assert {row[0] for row in rows} == expected
    # the sample pages have no `# source:` line: each page's address is its content's name
    for graph, address, content_hash, _time, _version in rows:
        assert graph.endswith(content_hash)
        assert address == content_address(content_hash)


def test_an_organisation_is_one_node_wherever_it_appears(sample_build):
    out, _report = sample_build
    falun = ID + "organisation/arbetsformedlingen-falun"
    roles = select(out, f"""
        SELECT DISTINCT ?m ?role WHERE {{
          ?m org:member <{falun}> ; org:role/skos:notation ?role }}""")
    assert sorted(r[1] for r in roles) == ["co-financier", "partner"]
    facts = select(out, f"""
        SELECT DISTINCT ?parent ?where WHERE {{
          <{falun}> org:unitOf ?parent ; schema:location ?where }}""")
    assert facts == [(ID + "organisation/arbetsformedlingen", ID + "municipality/2080")]
    # the agency is shared by its units on pages 000, 002 and 004
    projects = select(out, f"""
        SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{
          ?unit org:unitOf <{ID}organisation/arbetsformedlingen> .
          ?m org:member ?unit ; org:organization ?p }}""")
    assert int(projects[0][0]) == 3
    governs = select(out, """
        SELECT DISTINCT ?where WHERE { ?org schema:name "Falu Kommun" ; tnkg:governs ?where }""")
    assert governs == [(ID + "municipality/2080",)]


def test_municipalities_carry_code_county_and_region(sample_build):
    out, _report = sample_build
    rows = select(out, f"""
        SELECT DISTINCT ?code ?county ?region WHERE {{
          <{ID}municipality/2080> tnkg:scbCode ?code ;
            schema:containedInPlace/tnkg:iso3166Code ?county ;
            tnkg:esfRegion/schema:name ?region }}""")
    assert rows == [("2080", "SE-W", "Norra Mellansverige")]


def test_rebuild_of_same_pages_extracts_nothing_and_gives_the_same_graph(tmp_path):
    pages = copy_pages(tmp_path)
    out = tmp_path / "out"
    first = build_graph(pages, out_dir=out, extract=gold_extract)
    before = (out / "graph.ttl").read_bytes()
    graph_before = load_graph(out)
    second = build_graph(pages, out_dir=out, extract=gold_extract)
    assert (first.pages_extracted, second.pages_extracted, second.pages_cached) == (5, 0, 5)
    assert isomorphic(graph_before, load_graph(out))
    assert (out / "graph.ttl").read_bytes() == before


def test_changed_page_is_the_only_one_extracted_again(tmp_path):
    pages = copy_pages(tmp_path)
    out = tmp_path / "out"
    build_graph(pages, out_dir=out, extract=gold_extract)
    pages[2].write_bytes(pages[2].read_bytes() + b"\n")
    report = build_graph(pages, out_dir=out, extract=gold_extract)
    assert (report.pages_extracted, report.pages_cached) == (1, 4)


def test_cache_entry_damaged_past_its_opening_is_extracted_again(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the page extracted again: same time
    pages = copy_pages(tmp_path)
    out = tmp_path / "out"
    build_graph(pages, out_dir=out, extract=gold_extract)
    before = (out / "graph.ttl").read_bytes()
    entry = out / "cache" / "records" / f"{hashlib.sha256(pages[1].read_bytes()).hexdigest()}.json"
    entry.write_bytes(entry.read_bytes()[:200])  # a torn write: the fingerprint still reads
    report = build_graph(pages, out_dir=out, extract=gold_extract)
    assert (report.pages_extracted, report.pages_cached, report.errors) == (1, 4, {})
    assert (out / "graph.ttl").read_bytes() == before


def test_removing_a_page_drops_its_project_and_graph(tmp_path):
    pages = copy_pages(tmp_path)
    out = tmp_path / "out"
    build_graph(pages, out_dir=out, extract=gold_extract)
    removed = pages[4]
    project = ID + "project/" + project_key(gold_record(removed))
    assert select(out, f"SELECT ?t WHERE {{ <{project}> a ?t }}")
    removed.unlink()
    report = build_graph(pages[:4], out_dir=out, extract=gold_extract)
    assert report.counts["projects"] == 4
    assert report.pages_removed == (str(removed),)
    triples = load_graph(out)
    assert not list(triples.triples((URIRef(project), None, None)))
    # an organisation named only on the removed page is gone too, from the shared graph as well
    assert "Regionförbundet Västerbottens län" not in (out / "graph.ttl").read_text("utf-8")
    assert "Regionförbundet Västerbottens län" not in (out / "graph.trig").read_text("utf-8")


CONTACT_VALUES = ("annemarie.flood@arbetsmiljoforum.se", "08-4424638", "Anne Marie Flood")


def test_no_contact_data_leaves_without_the_flag(sample_build, tmp_path):
    out, _report = sample_build
    for name in ("graph.ttl", "graph.trig", "records.json"):
        text = (out / name).read_text("utf-8")
        assert not any(value in text for value in CONTACT_VALUES), name
    assert not select(out, "SELECT DISTINCT ?c WHERE { ?p schema:contactPoint ?c }")
    export_graph(out, "nq", tmp_path / "all.nq")
    assert "arbetsmiljoforum.se" not in (tmp_path / "all.nq").read_text("utf-8")


def test_contact_data_is_in_the_graph_with_the_flag(tmp_path):
    out = tmp_path / "out"
    build_graph(SAMPLE_PAGES, out_dir=out, extract=gold_extract, include_contacts=True)
    query = "SELECT DISTINCT ?e WHERE { ?p schema:contactPoint/schema:email ?e }"
    emails = {row[0] for row in select(out, query)}
    assert "annemarie.flood@arbetsmiljoforum.se" in emails and len(emails) == 5
    records = json.loads((out / "records.json").read_text("utf-8"))
    assert records[0]["contact"]["phone"] == "08-4424638"
    assert validate_graph(out).conforms


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_parses_back_isomorphic(sample_build, tmp_path, fmt):
    out, _report = sample_build
    target = tmp_path / f"graph.{fmt}"
    export_graph(out, fmt, target)
    rdflib_format = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
                     "jsonld": "json-ld"}[fmt]
    union = load_graph(out)
    if fmt in ("ttl", "nt"):
        parsed = Graph().parse(target, format=rdflib_format)
        assert isomorphic(parsed, union)
        return
    dataset = Dataset()
    dataset.parse(target, format=rdflib_format)
    store = open_store(out)
    for graph_name in store.named_graphs():
        expected = Graph()
        expected.parse(
            data=ox.serialize(
                [ox.Triple(q.subject, q.predicate, q.object)
                 for q in store.quads_for_pattern(None, None, None, graph_name)],
                format=ox.RdfFormat.N_TRIPLES,
            ).decode(),
            format="nt",
        )
        parsed = dataset.graph(URIRef(graph_name.value))
        assert isomorphic(Graph() + parsed, expected), graph_name


def test_second_build_on_the_same_dir_stops_with_a_clear_message(tmp_path):
    out = tmp_path / "out"
    with build_lock(out), pytest.raises(BuildError, match="another `tnkg build` is writing"):
        build_graph(SAMPLE_PAGES, out_dir=out, extract=gold_extract)


def test_interrupted_build_leaves_the_previous_graph(tmp_path, monkeypatch):
    out = tmp_path / "out"
    build_graph(SAMPLE_PAGES[:2], out_dir=out, extract=gold_extract)
    before = {name: (out / name).read_bytes() for name in ("graph.ttl", "records.json")}

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(store_module, "write_store", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_graph(SAMPLE_PAGES, out_dir=out, extract=gold_extract)
    assert {name: (out / name).read_bytes() for name in before} == before
    assert len(list(open_store(out).named_graphs())) == 3  # two pages and the shared graph
    assert not list(out.glob(".staging-*"))


def test_open_store_without_a_build_names_the_folder(tmp_path):
    with pytest.raises(StoreError, match=f"no graph in {tmp_path}: run `tnkg build` first"):
        open_store(tmp_path)


def test_validation_lists_a_violation_readably(sample_build, tmp_path):
    out, _report = sample_build
    broken = tmp_path / "broken"
    shutil.copytree(out, broken, symlinks=True)
    store = open_store(broken, read_only=False)
    store.add(ox.Quad(ox.NamedNode(ID + "city/1"),
                      ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode("https://schema.org/City"), ox.NamedNode(ID + "source/x")))
    store.flush()
    del store
    validation = validate_graph(broken)
    assert not validation.conforms
    assert any(v.focus == "city:1" and v.path == "owl:sameAs" for v in validation.violations)


def test_graph_ttl_and_trig_hold_what_the_store_holds(sample_build):
    out, report = sample_build
    union = load_graph(out)
    assert isomorphic(Graph().parse(out / "graph.ttl", format="turtle"), union)
    assert len(union) == report.counts["triples"]
    store = open_store(out)
    quads = list(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert len(quads) == report.counts["quads"] == len(store)
    per_graph = Counter(q.graph_name for q in quads)
    assert per_graph == Counter(q.graph_name for q in store)
    # compared through rdflib: the store writes xsd:dateTime in its canonical form
    dataset = Dataset()
    dataset.parse(out / "graph.trig", format="trig")
    trig_union = Graph()
    for graph in dataset.graphs():
        trig_union += graph
    assert isomorphic(trig_union, union)


def test_the_union_repeats_no_triple(sample_build):
    """Shared nodes sit in the shared graph once, so the union's plain count is its distinct
    count: no pattern over the union matches a triple twice. (Two pages stating the same fact
    of their own would be the one allowed repeat; the sample has none.)"""
    out, report = sample_build
    store = open_store(out)
    (n,), = select(out, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    (distinct,), = select(out, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                               "WHERE { ?s ?p ?o } }")
    assert int(n) == int(distinct) == report.counts["triples"] == len(store)
    shared = ox.NamedNode(ID + "graph/shared")
    types = {q.object.value for q in store.quads_for_pattern(None, RDF_TYPE, None, shared)}
    assert {"https://w3id.org/tnkg/ontology#Municipality", "https://schema.org/City",
            "https://schema.org/Country", "http://www.w3.org/ns/org#Organization"} <= types
    assert not types & {"https://schema.org/Project", "http://www.w3.org/ns/org#Membership",
                        "https://w3id.org/tnkg/ontology#PlaceTie"}


def test_graph_ttl_is_readable_prefixed_sorted_and_grouped_by_subject(sample_build):
    out, _report = sample_build
    text = (out / "graph.ttl").read_text("utf-8")
    header, body = text.split("\n\n", 1)
    assert header.splitlines() == sorted(header.splitlines())
    assert "@prefix municipality: <https://w3id.org/tnkg/id/municipality/> ." in header
    heads = [block.split(" ", 1)[0] for block in body.strip().split("\n\n")]
    assert len(heads) == len(set(heads))  # each subject's statements under one head
    assert "municipality:2080 a schema:AdministrativeArea ,\n        tnkg:Municipality ;" in body
