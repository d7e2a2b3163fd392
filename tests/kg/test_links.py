"""Links out and provenance: every place points to the outside datasets that know it, and a
page's source is its public address (or its content's name), never the path it was read from.

The link checks run on the sample build; the provenance checks build a page with a
`# source:` line, one without, and the project-bank rows, all by the real extractor, from a
folder whose name must appear in no output.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from tnkg.build import build_graph
from tnkg.extract import municipalities, pipeline, registers
from tnkg.kg.export import FORMATS, export_graph
from tnkg.kg.iri import content_address
from tnkg.kg.namespace import EU_COUNTRY, GEONAMES, NUTS, SCHEMA, TNKG
from tnkg.kg.validate import load_graph, validate_graph

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "extract" / "corpus" / "esf-sample"
EXPORT = REPO / "tests" / "data" / "csv" / "two-funds.csv"
# the folder the provenance build reads its inputs from: no output may name it
LOCAL_FOLDER = "local-only-folder-5b1f"
PAGE_ADDRESS = "https://www.esf.se/projekt/tre-m"


@pytest.fixture(scope="module")
def sample_graph(sample_build):
    return load_graph(sample_build[0])


def instances(graph, cls) -> set[URIRef]:
    return set(graph.subjects(RDF.type, cls))


def test_every_municipality_links_to_its_seat_in_geonames_and_carries_its_lau_code(
    sample_graph,
):
    found = instances(sample_graph, TNKG.Municipality)
    assert found
    for iri in found:
        code = str(sample_graph.value(iri, TNKG.scbCode))
        assert str(sample_graph.value(iri, TNKG.lauCode)) == code
        seat = registers.municipality_info(code).geonames_id
        expected = {URIRef(f"{GEONAMES}{seat}/")} if seat else set()
        assert set(sample_graph.objects(iri, TNKG.seat)) == expected, code
    without_seat = {str(sample_graph.value(i, SCHEMA.name)) for i in found
                    if sample_graph.value(i, TNKG.seat) is None}
    assert without_seat <= {"Ale", "Nykvarn"}  # the register has no certain seat for them


def test_every_county_and_esf_region_matches_its_nuts_region(sample_graph):
    counties = instances(sample_graph, TNKG.County)
    assert counties
    for iri in counties:
        nuts3 = municipalities.county_info(str(sample_graph.value(iri, TNKG.scbCode))).nuts3
        assert set(sample_graph.objects(iri, SKOS.exactMatch)) == {URIRef(NUTS + nuts3)}
        region = sample_graph.value(iri, TNKG.esfRegion)
        assert str(sample_graph.value(region, TNKG.nutsCode)) == nuts3[:4]
    for iri in instances(sample_graph, TNKG.EsfRegion):
        (match,) = sample_graph.objects(iri, SKOS.exactMatch)
        assert str(match) == NUTS + str(sample_graph.value(iri, TNKG.nutsCode))


def test_the_esf_regions_are_the_nuts_2_regions_of_their_counties():
    by_region: dict[str, set[str]] = {}
    for county in municipalities.all_counties():
        by_region.setdefault(county.esf_region, set()).add(county.nuts3[:4])
    assert all(len(codes) == 1 for codes in by_region.values()), by_region
    assert len({codes.pop() for codes in by_region.values()}) == len(by_region) == 8


def test_every_country_is_the_same_as_in_geonames_and_the_eu_country_table(sample_graph):
    countries = instances(sample_graph, SCHEMA.Country)
    assert countries
    for iri in countries:
        alpha2 = str(sample_graph.value(iri, TNKG.iso3166Code))
        alpha3, geonames_id = registers.country_codes(alpha2)
        assert set(sample_graph.objects(iri, OWL.sameAs)) == {URIRef(f"{GEONAMES}{geonames_id}/")}
        assert set(sample_graph.objects(iri, SKOS.exactMatch)) == {URIRef(EU_COUNTRY + alpha3)}


def test_every_place_abroad_links_out_or_carries_its_iso_code(sample_graph):
    for iri in instances(sample_graph, SCHEMA.City):
        assert str(sample_graph.value(iri, OWL.sameAs)).startswith(GEONAMES)
    regions = instances(sample_graph, TNKG.ForeignRegion)
    assert regions
    for iri in regions:
        assert sample_graph.value(iri, TNKG.iso3166Code)  # in a country that links out
        assert sample_graph.value(sample_graph.value(iri, SCHEMA.containedInPlace), OWL.sameAs)


def test_places_are_typed_with_schema_org_besides_their_own_class(sample_graph):
    for cls in (TNKG.Municipality, TNKG.County, TNKG.EsfRegion, TNKG.ForeignRegion):
        assert instances(sample_graph, cls) <= instances(sample_graph, SCHEMA.AdministrativeArea)


# ---------------------------------------------------------------------------- provenance


@pytest.fixture(scope="module")
def provenance_build(tmp_path_factory):
    """Tre-M with a `# source:` line, another sample page without one, and the export."""
    folder = tmp_path_factory.mktemp("provenance") / LOCAL_FOLDER
    folder.mkdir()
    with_address = folder / "tre-m.txt"
    page = (SAMPLE / "002_93c5704a82686837.txt").read_text("utf-8")
    with_address.write_text(f"# source: {PAGE_ADDRESS}\n{page}", "utf-8")
    without = Path(shutil.copy(SAMPLE / "003_e2b4b5bebac5a42a.txt", folder / "page.txt"))
    export = Path(shutil.copy(EXPORT, folder / "export.csv"))
    out = folder / "out"

    def extract(paths, jobs, spacy_model):
        return [rec for path in paths for rec in pipeline.extract_file(path)], []

    report = build_graph([with_address, without, export], out_dir=out, jobs=1, extract=extract)
    assert not report.errors
    return out, {"with": with_address, "without": without, "export": export}


def source_of(graph, path: Path) -> URIRef:
    """The source node of a file: the one whose content hash is the file's."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    (source,) = graph.subjects(TNKG.contentHash, Literal(digest))
    return source


def test_a_source_line_gives_the_page_and_its_project_their_public_address(provenance_build):
    out, files = provenance_build
    graph = load_graph(out)
    source = source_of(graph, files["with"])
    assert set(graph.objects(source, DCTERMS.source)) == {URIRef(PAGE_ADDRESS)}
    (project,) = set(graph.subjects(DCTERMS.source, URIRef(PAGE_ADDRESS))) - {source}
    assert (project, RDF.type, SCHEMA.Project) in graph
    # the line is no part of the page's text: the title is the page's own
    assert "Tre-M" in str(graph.value(project, DCTERMS.title))


def test_a_page_without_an_address_is_named_by_its_content(provenance_build):
    out, files = provenance_build
    graph = load_graph(out)
    source = source_of(graph, files["without"])
    digest = str(graph.value(source, TNKG.contentHash))
    assert set(graph.objects(source, DCTERMS.source)) == {URIRef(content_address(digest))}


def test_an_export_row_has_the_bank_address_with_its_case_id(provenance_build):
    out, files = provenance_build
    graph = load_graph(out)
    project = URIRef("https://w3id.org/tnkg/id/project/tvv-900001")
    bank = "http://projektbank.tillvaxtverket.se/projektbanken"
    assert set(graph.objects(project, DCTERMS.source)) == {URIRef(bank + "#900001")}
    assert set(graph.objects(source_of(graph, files["export"]), DCTERMS.source)) == {
        URIRef(bank)}


def test_the_provenance_build_conforms(provenance_build):
    validation = validate_graph(provenance_build[0])
    assert validation.conforms, [str(v) for v in validation.violations]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_export_names_the_folder_the_pages_were_read_from(provenance_build, fmt, tmp_path):
    out, _files = provenance_build
    target = tmp_path / f"graph.{fmt}"
    export_graph(out, fmt, target)
    text = target.read_text("utf-8")
    assert LOCAL_FOLDER not in text and str(tmp_path.parent) not in text


def test_no_graph_file_of_the_build_names_the_folder_the_pages_were_read_from(
    provenance_build,
):
    out, _files = provenance_build
    for name in ("graph.ttl", "graph.trig"):
        assert LOCAL_FOLDER not in (out / name).read_text("utf-8"), name


@pytest.mark.parametrize("module", ["tnkg.kg.iri", "tnkg.extract.textio", "tnkg.extract.registers"])
def test_docstring_examples_hold(module):
    import doctest
    import importlib

    assert doctest.testmod(importlib.import_module(module)).failed == 0
