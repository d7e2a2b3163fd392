"""The project-bank export in the graph, beside ESF pages: one build, shapes, privacy.

tests/data/csv/two-funds.csv holds four hand-written rows (three Interreg IVA, one ERDF);
the ESF page is the sample page Tre-M, read from its gold record.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from tnkg.build import build_graph
from tnkg.extract import pipeline
from tnkg.kg.iri import Minter
from tnkg.kg.namespace import SCHEMA, TNKG
from tnkg.kg.nodes import SharedNodes
from tnkg.kg.validate import load_graph, validate_graph

EXPORT = Path(__file__).resolve().parents[1] / "data" / "csv" / "two-funds.csv"
PAGE = Path(__file__).resolve().parents[2] / "extract" / "corpus" / "esf-sample"
ESF_PAGE = PAGE / "002_93c5704a82686837.txt"
ID = "https://w3id.org/tnkg/id/"


@pytest.fixture(scope="module")
def mixed_build(tmp_path_factory, gold):
    out = tmp_path_factory.mktemp("two-funds")
    report = build_graph([str(EXPORT), str(ESF_PAGE)], out_dir=out, jobs=1, extract=_extract(gold))
    return out, report, load_graph(out)


def _extract(gold_record):
    """Export rows by the real reader and places pipeline; ESF pages from their gold record."""

    def extract(paths, jobs, spacy_model):
        records = []
        for path in paths:
            if path.endswith(".csv"):
                records.extend(pipeline.extract_file(path))
            else:
                records.append(gold_record(path))
        return records, []

    return extract


def project(case_id: str) -> URIRef:
    return URIRef(f"{ID}project/tvv-{case_id}")


def test_rows_and_page_build_into_one_graph_that_conforms(mixed_build):
    out, report, _graph = mixed_build
    assert report.counts["projects"] == 5
    assert report.errors == {}
    validation = validate_graph(out)
    assert validation.conforms, [str(v) for v in validation.violations]


def test_every_project_has_its_fund(mixed_build):
    graph = mixed_build[2]
    funds = {str(p): str(f) for p, f in graph.subject_objects(TNKG.fund)}
    assert funds[str(project("900001"))] == str(TNKG.InterregIVA)
    assert funds[str(project("900003"))] == str(TNKG.ERDF)
    assert sorted(funds.values()).count(str(TNKG.ESF)) == 1


def test_row_fields_become_project_properties(mixed_build):
    graph = mixed_build[2]
    p = project("900004")
    assert graph.value(p, TNKG.programme) == Literal("Interreg IVA Gränsöverskridande samarbete")
    assert graph.value(p, TNKG.area) == Literal("Öresund-Kategat-Skagerrak")  # repaired
    assert graph.value(p, TNKG.priority) is None  # Värde saknas
    assert graph.value(p, TNKG.layout) == Literal("tillvaxtverket-csv")
    assert graph.value(p, SCHEMA.startDate) == Literal("2012-01-01", datatype=XSD.date)


@pytest.mark.parametrize(
    ("case_id", "predicate", "value", "currency"),
    [
        ("900001", TNKG.grantedEur, "100000", "EUR"),
        ("900003", TNKG.grantedSek, "1000000", "SEK"),
    ],
)
def test_granted_amounts_carry_their_currency(mixed_build, case_id, predicate, value, currency):
    graph = mixed_build[2]
    amount = graph.value(project(case_id), predicate)
    assert amount == URIRef(f"{ID}amount/tvv-{case_id}-granted-{currency.lower()}")
    assert graph.value(amount, SCHEMA.value) == Literal(value, datatype=XSD.decimal)
    assert graph.value(amount, SCHEMA.currency) == Literal(currency)


def test_zero_amount_is_no_amount(mixed_build):
    graph = mixed_build[2]
    assert graph.value(project("900001"), TNKG.grantedSek) is None
    assert graph.value(project("900003"), TNKG.esfGrant) is None


def test_counties_and_municipalities_by_scb_code(mixed_build):
    graph = mixed_build[2]
    p = project("900001")
    assert set(graph.objects(p, TNKG.county)) == {URIRef(f"{ID}county/14")}
    assert set(graph.objects(p, TNKG.municipality)) == {
        URIRef(f"{ID}municipality/1480"),
        URIRef(f"{ID}municipality/1482"),
    }
    assert graph.value(URIRef(f"{ID}county/14"), TNKG.iso3166Code) == Literal("SE-O")


def test_regions_abroad_are_covered_with_iso_codes(mixed_build):
    graph = mixed_build[2]
    telemark = URIRef(f"{ID}region/NO-08")
    assert set(graph.objects(project("900002"), TNKG.coversRegion)) == {
        telemark,
        URIRef(f"{ID}region/NO-01"),
    }
    assert (telemark, RDF.type, TNKG.ForeignRegion) in graph
    assert graph.value(telemark, SCHEMA.name) == Literal("Telemark")
    assert graph.value(telemark, TNKG.iso3166Code) == Literal("NO-08")
    assert graph.value(telemark, SCHEMA.containedInPlace) == URIRef(f"{ID}country/NO")


def test_places_in_the_description_are_place_ties(mixed_build):
    graph = mixed_build[2]
    ties = {
        (graph.value(t, TNKG.place), graph.value(t, TNKG.placeRole))
        for t in graph.subjects(TNKG.project, project("900002"))
    }
    assert (URIRef(f"{ID}city/3133880"), TNKG.PartnerPlace) in ties  # Trondheim
    scotland = {graph.value(t, TNKG.place) for t in graph.subjects(TNKG.project, project("900003"))}
    assert scotland == {URIRef(f"{ID}region/GB-SCT")}


def test_beneficiary_is_the_owner(mixed_build):
    graph = mixed_build[2]
    owners = {
        str(graph.value(graph.value(m, URIRef("http://www.w3.org/ns/org#member")), SCHEMA.name))
        for m in graph.subjects(URIRef("http://www.w3.org/ns/org#organization"), project("900003"))
    }
    assert owners == {"Göteborgs universitet"}


def test_contacts_stay_out_of_the_graph_and_records(mixed_build):
    out, _report, graph = mixed_build
    assert not list(graph.subjects(RDF.type, SCHEMA.ContactPoint))
    text = (out / "graph.ttl").read_text("utf-8") + (out / "records.json").read_text("utf-8")
    assert "Karin Berg" not in text and "karin.berg@example.se" not in text


def test_contacts_with_include_contacts(tmp_path, gold):
    build_graph(
        [str(EXPORT)], out_dir=tmp_path, jobs=1, include_contacts=True, extract=_extract(gold)
    )
    graph = load_graph(tmp_path)
    contact = graph.value(project("900001"), SCHEMA.contactPoint)
    assert graph.value(contact, SCHEMA.email) == Literal("karin.berg@example.se")
    # `Information saknas` is no name: those rows have no contact point at all
    assert graph.value(project("900002"), SCHEMA.contactPoint) is None
    records = json.loads((tmp_path / "records.json").read_text("utf-8"))
    assert records[0]["contact"]["name"] == "Karin Berg"


def test_a_county_reached_from_a_municipality_is_the_same_node():
    minter = Minter()
    via_municipality = {
        t
        for t in SharedNodes(minter).municipality("1480", "Göteborg")
        if str(t[0]).startswith(f"{ID}county/")
    }
    direct = {
        t for t in SharedNodes(minter).county("14") if str(t[0]).startswith(f"{ID}county/")
    }
    assert via_municipality == direct
    assert direct  # the county is known
