"""The issue's Done-when numbers on the built sample, from gold records and from the pipeline."""

from __future__ import annotations

import pytest

from tnkg.queries.analysis import shared_country_pairs
from tnkg.queries.networks import build_partnership_network, project_place_graph
from tnkg.queries.runner import list_queries, load_query, run_query

TRANSNET, TRE_M, GROWING = "Transnet", "Tre-M - matchning, motor, mäklare", "GROWING TOGETHER"


def test_shared_partner_countries_on_the_sample(sample_store):
    result = run_query(sample_store, load_query("shared-partner-countries"), {})
    assert list(result.rows) == [
        (GROWING, TRANSNET, "GB", 1),
        (GROWING, TRE_M, "GB", 1),
        (TRANSNET, TRE_M, "GB PL", 2),
    ]


@pytest.mark.parametrize(("params", "rows"), [({}, 64), ({"country": "GB"}, 61)])
def test_municipalities_linked_abroad_on_the_sample(sample_store, params, rows):
    result = run_query(sample_store, load_query("municipalities-linked-abroad"), params)
    assert len(result.rows) == rows


def test_agencies_count_their_units_on_the_sample(sample_store):
    result = run_query(sample_store, load_query("organisations-in-several-projects"), {})
    projects = {row[0]: row[1] for row in result.rows}
    assert projects["Arbetsförmedlingen"] == 3
    assert projects["Försäkringskassan"] == 2


def test_a_projects_organisations_are_those_counted_by_role(sample_store):
    mine = run_query(sample_store, load_query("organisations-of-project"), {"project": "transnet"})
    by_role = {(role, name) for role, name, _ in
               run_query(sample_store, load_query("organisations-by-role"), {}).rows}
    assert mine.rows and {(role, name) for _, role, name in mine.rows} <= by_role
    assert {title for title, _, _ in mine.rows} == {"Transnet"}


NO_ANSWER = {
    "municipalities-abroad-both-funds",  # the sample has no Interreg project
    "overlaps-in-municipality",  # no two sample projects of one municipality share anything
}
PARAMS = {"municipality": "Stockholm", "project": "Transnet"}


@pytest.mark.parametrize(
    "query", [q for q in list_queries() if q.name not in NO_ANSWER], ids=lambda q: q.name
)
def test_every_bundled_query_answers_on_the_sample(sample_store, query):
    params = {p.name: PARAMS[p.name] for p in query.params if p.required}
    result = run_query(sample_store, query, params)
    assert result.columns == query.columns
    assert result.rows  # the sample has an answer to every question


def test_networkx_and_sparql_agree_on_pairs_sharing_a_country(sample_store):
    by_sparql = {
        (a, b): countries
        for a, b, countries, _n in run_query(
            sample_store, load_query("shared-partner-countries"), {}
        ).rows
    }
    G = build_partnership_network(sample_store)
    assert shared_country_pairs(project_place_graph(G)) == by_sparql
