"""The pages and JSON beside /sparql: /, /queries, /graph, /health, and CORS."""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest
from serve_support import SAMPLE, fetch, get_query
from starlette.testclient import TestClient

from tnkg.queries.runner import list_queries, open_memory_store, run_query
from tnkg.serve.app import ServeConfig, create_app

HOSTILE_TITLE = 'Unga <b>vuxna</b> & "arbete"'


@pytest.fixture(scope="module")
def memory_store():
    return open_memory_store(SAMPLE)


def test_queries_lists_every_bundled_query_with_its_parameters(server):
    answer = fetch(f"{server}/queries")
    assert answer.status == 200
    listed = {entry["name"]: entry for entry in json.loads(answer.text)}
    bundled = list_queries()
    assert set(listed) == {query.name for query in bundled}
    for query in bundled:
        entry = listed[query.name]
        assert entry["title"] == query.title
        assert entry["columns"] == list(query.columns)
        assert [p["name"] for p in entry["params"]] == [p.name for p in query.params]
        assert entry["sparql"] == query.text


@pytest.mark.parametrize("name", [query.name for query in list_queries()
                                  if not any(p.required for p in query.params)])
def test_bundled_query_runs_over_http_as_the_runner_runs_it(server, memory_store, name):
    answer = fetch(f"{server}/queries/{name}")
    assert answer.status == 200, answer.text
    expected = run_query(memory_store, next(q for q in list_queries() if q.name == name), {})
    document = json.loads(answer.text)
    assert document["columns"] == list(expected.columns)
    assert [tuple(row) for row in document["rows"]] == list(expected.rows)


def test_bundled_query_parameter_is_bound_not_pasted(server):
    url = f"{server}/queries/partnership-evidence?" + urllib.parse.urlencode(
        {"project": HOSTILE_TITLE})
    rows = json.loads(fetch(url).text)["rows"]
    assert rows and {row[0] for row in rows} == {HOSTILE_TITLE}
    injected = f"{server}/queries/partnership-evidence?" + urllib.parse.urlencode(
        {"project": '" } UNION { ?x ?y ?z } #'})
    answer = fetch(injected)  # the title of no project, not a change of the query
    assert answer.status == 400 and "no project of the graph is titled" in answer.text


@pytest.mark.parametrize(("path", "status", "message"), [
    ("/queries/partners-abroad-of-municipality", 400, "missing required parameter municipality"),
    ("/queries/partnership-evidence?color=red", 400, "unknown parameter color"),
    ("/queries/no-such-query", 404, "unknown query 'no-such-query'"),
    ("/queries/server_page.rq", 404, "unknown query 'server_page.rq'"),
])
def test_bundled_query_errors_say_what_is_wrong(server, path, status, message):
    answer = fetch(server + path)
    assert answer.status == status
    assert message in answer.text


def test_front_page_has_the_editor_and_loads_nothing_from_elsewhere(server):
    answer = fetch(f"{server}/")
    assert answer.status == 200
    assert answer.content_type.startswith("text/html")
    assert '<textarea id="query"' in answer.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", answer.text)


def test_graph_page_is_served_once_written(server, out_dir):
    page = out_dir / "graph.html"
    page.unlink(missing_ok=True)
    missing = fetch(f"{server}/graph")
    assert missing.status == 404
    assert "tnkg viz" in missing.text
    page.write_text("<!DOCTYPE html><title>partnership network</title>", encoding="utf-8")
    try:
        shown = fetch(f"{server}/graph")
    finally:
        page.unlink()
    assert shown.status == 200
    assert "partnership network" in shown.text


def test_health_reports_the_workers_and_limits(server):
    health = json.loads(fetch(f"{server}/health").text)
    assert health["status"] == "ok"
    assert health["workers"] == 2
    assert health["timeout"] == 2.0


def test_no_cors_header_unless_asked_for(server):
    answer = get_query(server, "ASK {}")
    assert not any(name.lower().startswith("access-control") for name in answer.headers)


def test_cors_allows_only_the_given_origin(out_dir):
    config = ServeConfig(out_dir=out_dir, cors_origin="https://yasgui.example", workers=1)
    with TestClient(create_app(config)) as client:
        allowed = client.get("/sparql", params={"query": "ASK {}"},
                             headers={"Origin": "https://yasgui.example"})
        other = client.get("/sparql", params={"query": "ASK {}"},
                           headers={"Origin": "https://elsewhere.example"})
        preflight = client.options("/sparql", headers={
            "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
    assert allowed.status_code == other.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://yasgui.example"
    assert "access-control-allow-origin" not in other.headers
    assert preflight.status_code == 200


@pytest.fixture(scope="module")
def page(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/")
    yield page
    page.close()


@pytest.mark.browser
def test_page_runs_a_bundled_query_with_its_form_and_shows_page_text_as_text(page):
    page.select_option("#stored", "partnership-evidence")
    page.fill("#param-project", HOSTILE_TITLE)
    page.click("#run-stored")
    page.wait_for_selector("#results table")
    cells = page.locator("#results td").all_text_contents()
    assert HOSTILE_TITLE in cells
    assert any("<script>window.pwned = 1</script>" in cell for cell in cells)
    assert page.evaluate("window.pwned") is None
    assert page.locator("#results b, #results img, #results script").count() == 0


@pytest.mark.browser
def test_page_runs_the_editor_query_through_the_endpoint(page):
    page.fill("#query", "SELECT ?title WHERE { ?p <http://purl.org/dc/terms/title> ?title } "
                        "ORDER BY ?title")
    page.click("#run-query")
    page.wait_for_selector("#results table")
    assert "3 rows" in page.text_content("#status")
    page.fill("#query", "SELECT * WHERE { ?s ?p }")
    page.click("#run-query")
    page.wait_for_selector("#status.error")
    assert "HTTP 400: malformed query" in page.text_content("#status")
