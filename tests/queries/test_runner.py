"""The query runner: headers, parameter binding, errors and output formats."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tnkg.errors import QueryError
from tnkg.extract import registers
from tnkg.queries.formats import format_result, format_table
from tnkg.queries.runner import (
    QueryResult,
    list_queries,
    load_query,
    parse_query_text,
    run_query,
)

REQUIRED_QUERIES = {
    "shared-partner-countries": ("project_a", "project_b", "countries", "n"),
    "municipalities-linked-abroad": ("municipality", "code", "city", "country", "project"),
    "organisations-in-several-projects": ("organisation", "projects", "roles"),
}


def test_at_least_twelve_queries_are_bundled():
    assert len(list_queries()) >= 12


@pytest.mark.parametrize(("name", "columns"), REQUIRED_QUERIES.items())
def test_required_queries_have_their_names_and_columns(name, columns):
    assert load_query(name).columns == columns


def test_country_is_an_optional_parameter_of_municipalities_linked_abroad():
    param = load_query("municipalities-linked-abroad").param("country")
    assert param is not None and param.datatype == "xsd:string" and not param.required


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_header_matches_the_query_body(query):
    assert query.title and query.title != query.name
    assert query.description
    # the SELECT projection, as Oxigraph parses it, in order
    variables = tuple(v.value for v in ox.Store().query(query.text).variables)
    swedish = tuple(v for v in variables if v.endswith("_sv") and v[:-3] in query.columns)
    assert query.columns == tuple(v for v in variables if v not in swedish)
    for param in query.params:
        assert param.name in query.columns  # Oxigraph binds projected variables only
        assert param.description


@pytest.mark.parametrize("query", [q for q in list_queries() if q.heavy], ids=lambda q: q.name)
def test_a_heavy_query_names_a_bundled_bounded_alternative(query):
    name, params = query.bounded
    alternative = load_query(name)
    assert not alternative.heavy
    assert {p.name for p in alternative.params} >= set(params)
    assert {p.name for p in alternative.params if p.required} <= set(params)


def test_heavy_without_a_bounded_alternative_is_a_query_error():
    text = "# title: T\n# heavy: slow\n# columns: x\nSELECT ?x WHERE { }\n"
    with pytest.raises(QueryError, match="names its bounded alternative"):
        parse_query_text(text, name="t")


def test_header_lines_may_go_on_over_indented_comment_lines():
    query = parse_query_text(
        "# title: T\n# description: first part\n#   second part\n# params: none\n"
        "# columns: x\nSELECT ?x WHERE {}",
        name="q",
    )
    assert query.description == "first part second part"
    assert query.params == ()


@pytest.mark.parametrize(
    ("params_line", "message"),
    [
        ("country", "bad params entry"),
        ("country (xsd:string, a code)", "bad params entry"),
        ("country (xsd:str, a code, optional)", "unknown type"),
        ("land (xsd:string, a code, optional)", "not one of the columns"),
    ],
)
def test_bad_params_header_is_a_query_error(params_line, message):
    text = f"# title: T\n# params: {params_line}\n# columns: country\nSELECT ?country {{}}"
    with pytest.raises(QueryError, match=message):
        parse_query_text(text, name="q")


@pytest.mark.parametrize(
    ("order_line", "message"),
    [("size", "not one of the columns"), ("n downwards", "bad order entry")],
)
def test_bad_order_header_is_a_query_error(order_line, message):
    text = f"# title: T\n# columns: n\n# order: {order_line}\nSELECT ?n {{}}"
    with pytest.raises(QueryError, match=message):
        parse_query_text(text, name="q")


def test_order_header_sorts_rows_by_its_columns_unbound_lowest():
    text = (
        "# title: T\n# columns: name, n\n# order: n desc, name\n"
        "SELECT ?name ?n WHERE { VALUES (?name ?n) "
        '{ ("b" 1) ("a" 2) ("c" 1) ("d" UNDEF) ("e" 10) } }'
    )
    rows = run_query(ox.Store(), parse_query_text(text, name="q")).rows
    assert rows == (("e", 10), ("a", 2), ("b", 1), ("c", 1), ("d", None))


def test_unknown_query_name_lists_the_bundled_ones():
    with pytest.raises(QueryError, match="unknown query 'no-such'.*shared-partner-countries"):
        load_query("no-such")


def test_missing_query_file_is_a_query_error(tmp_path):
    with pytest.raises(QueryError, match="no such query file"):
        load_query(tmp_path / "missing.rq")


def test_query_file_without_header_runs_with_its_name_as_title(tmp_path, small_store):
    path = tmp_path / "titles.rq"
    path.write_text(
        "SELECT DISTINCT ?t WHERE { ?p <http://purl.org/dc/terms/title> ?t } ORDER BY ?t",
        encoding="utf-8",
    )
    query = load_query(str(path))
    assert query.title == "titles"
    result = run_query(small_store, query, {})
    assert [r[0] for r in result.rows] == [
        "FRAMSYN ESF", "GROWING TOGETHER", "Transnet", "Tre-M - matchning, motor, mäklare",
    ]


def test_unknown_parameter_is_a_query_error(small_store):
    with pytest.raises(QueryError, match="unknown parameter land"):
        run_query(small_store, load_query("municipalities-linked-abroad"), {"land": "GB"})


def test_missing_required_parameter_is_a_query_error(small_store):
    with pytest.raises(QueryError, match="missing required parameter municipality"):
        run_query(small_store, load_query("partners-abroad-of-municipality"), {})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT ?x WHERE { ?x ?y }", "malformed query"),
        ("SELECT ?x WHERE { ?x undeclared:p ?y }", "malformed query"),
    ],
)
def test_malformed_or_non_select_query_is_a_one_line_query_error(small_store, text, message):
    with pytest.raises(QueryError, match=message) as info:
        run_query(small_store, text)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("datatype", "value"),
    [("xsd:integer", "12a"), ("xsd:date", "2011-6-1"), ("xsd:decimal", "one"), ("iri", "a b")],
)
def test_parameter_value_must_fit_its_type(small_store, datatype, value):
    text = f"# title: T\n# params: x ({datatype}, a value, optional)\n# columns: x\nSELECT ?x {{}}"
    with pytest.raises(QueryError, match="parameter x"):
        run_query(small_store, parse_query_text(text, name="q"), {"x": value})


def test_integer_parameter_binds_as_a_typed_literal(small_store):
    text = (
        "# title: Projects starting in a year\n# params: year (xsd:integer, start year, required)\n"
        "# columns: title, year\n"
        "SELECT ?title ?year WHERE { ?p <http://purl.org/dc/terms/title> ?title ;"
        " <https://schema.org/startDate> ?d . FILTER(YEAR(?d) = ?year) } ORDER BY ?title"
    )
    result = run_query(small_store, parse_query_text(text, name="q"), {"year": "2011"})
    assert result.rows == (("FRAMSYN ESF", 2011), ("Transnet", 2011))


INJECTIONS = [
    'GB" } UNION { ?s ?p ?o } #',
    'GB"\n}\nUNION\n{ ?s ?p ?o }\n#',
    "GB' } OPTIONAL { ?a ?b ?c } #",
    '"""GB""" . } { ?x ?y ?z',
    "GB\\\" } #",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_quotes_braces_and_newlines_in_a_value_cannot_change_the_query(small_store, value):
    # bound as written (an ad hoc parameter), the value matches nothing and changes nothing
    ad_hoc = "SELECT ?cc WHERE { ?c <https://w3id.org/tnkg/ontology#iso3166Code> ?cc }"
    assert run_query(small_store, ad_hoc, {"cc": value}).rows == ()
    # a bundled query's country names no country
    with pytest.raises(QueryError, match="no country is called"):
        run_query(small_store, load_query("municipalities-linked-abroad"), {"country": value})


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('GBPL"\'{}\n#?.;\\ <>UNION')), max_size=30))
def test_any_country_value_selects_the_rows_of_the_country_it_names_or_is_refused(
    small_store, value
):
    query = load_query("municipalities-linked-abroad")
    code = registers.find_country_code(value)
    if code is None:
        with pytest.raises(QueryError, match="no country is called"):
            run_query(small_store, query, {"country": value})
        return
    everything = run_query(small_store, query, {})
    country = everything.columns.index("country")
    expected = tuple(row for row in everything.rows if row[country] == code)
    assert run_query(small_store, query, {"country": value}).rows == expected


RESULT = QueryResult(
    ("project", "n", "note"),
    (("Transnet", 4, "kort"), ("Tre-M - matchning, motor, mäklare", 12, "x" * 200)),
)


def test_table_aligns_columns_and_right_aligns_numbers():
    lines = format_table(RESULT, width=200).splitlines()
    assert lines[0].split() == ["project", "n", "note"]
    end = lines[0].index(" n ") + 2  # the numeric column's header aligns right too
    assert lines[2][end - 2:end + 1] == " 4 "
    assert lines[3][end - 2:end + 1] == "12 "
    assert lines[-1] == "(2 rows)"


def test_table_fits_the_width_by_cutting_long_cells_with_an_ellipsis():
    text = format_table(RESULT, width=60)
    assert all(len(line) <= 60 for line in text.splitlines())
    assert "…" in text
    assert "Transnet" in text


def test_table_puts_a_multiline_cell_on_one_line():
    result = QueryResult(("evidence",), (("first line\nsecond line",),))
    assert format_table(result, width=80).splitlines()[2] == "first line second line"


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_round_trip(fmt):
    text = format_result(RESULT, fmt)
    rows = list(csv.reader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))
    assert rows[0] == ["project", "n", "note"]
    assert rows[2] == ["Tre-M - matchning, motor, mäklare", "12", "x" * 200]


def test_json_names_the_query_and_keeps_columns_in_order_and_numbers_as_numbers():
    data = json.loads(format_result(RESULT, "json"))
    assert list(data) == ["query", "columns", "rows"]
    assert data["columns"] == ["project", "n", "note"]
    assert data["rows"][0] == ["Transnet", 4, "kort"]


def test_unknown_format_is_a_query_error():
    with pytest.raises(QueryError, match="unknown format"):
        format_result(RESULT, "yaml")
