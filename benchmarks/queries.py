"""Time every bundled query on the built store and on an rdflib Dataset of the same quads.

Each engine answers in a child process that opens the graph once. A query that needs a
parameter gets a realistic and demanding value read from the graph itself: the
municipality most projects name, the project with the most overlaps (`query_cases`); a
query declared heavy also has its bounded alternative timed.
The store's child runs each query itself; one past the cap is stopped with its child and
the store opened again (opening it takes a moment). rdflib's graph takes minutes to load
at 10,000 pages, so its child forks for each query, with the graph already in memory,
and stops only the fork past the cap.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from tnkg.queries.runner import list_queries, project_titles

# Triples of the union graph: each triple sits in one named graph (page or shared), so the
# union needs no DISTINCT (tests/kg holds the build to that).
COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
REPEAT_BUDGET_MS = 10_000  # stop repeating a query once its runs have taken this long
# the values of parameters, asked of the graph: the heaviest a researcher meets
PARAM_QUERIES = {
    "municipality": """
        SELECT ?value WHERE {
          ?p <https://w3id.org/tnkg/ontology#municipality> ?m .
          ?m <https://schema.org/name> ?value
        } GROUP BY ?value ORDER BY DESC(COUNT(?p)) ?value LIMIT 1""",
    "project": """
        SELECT ?value WHERE {
          ?overlap <https://w3id.org/tnkg/ontology#overlapOf> ?p .
          ?p <http://purl.org/dc/terms/title> ?value
        } GROUP BY ?p ?value ORDER BY DESC(COUNT(?overlap)) ?value LIMIT 1""",
    "country": """
        SELECT ?value WHERE {
          ?tie <https://w3id.org/tnkg/ontology#place> ?place .
          { ?place <https://w3id.org/tnkg/ontology#iso3166Code> ?value }
          UNION
          { ?place <https://schema.org/containedInPlace>/<https://w3id.org/tnkg/ontology#iso3166Code>
                   ?value }
          FILTER(STRLEN(?value) = 2)
        } GROUP BY ?value ORDER BY DESC(COUNT(?tie)) ?value LIMIT 1""",
    "role": """
        SELECT ?value WHERE {
          ?membership <http://www.w3.org/ns/org#role> ?role .
          ?role <http://www.w3.org/2004/02/skos/core#notation> ?value
        } GROUP BY ?value ORDER BY DESC(COUNT(?membership)) ?value LIMIT 1""",
    "fund": """
        SELECT ?value WHERE {
          ?p <https://w3id.org/tnkg/ontology#fund> ?fund .
          ?fund <http://www.w3.org/2004/02/skos/core#notation> ?value
        } GROUP BY ?value ORDER BY DESC(COUNT(?p)) ?value LIMIT 1""",
}
Case = tuple[str, dict[str, str]]  # a bundled query's name and its parameters


def query_names() -> list[str]:
    """Every bundled query, by name."""
    return [q.name for q in list_queries()]


def bounded_label(query) -> str:
    """The label of a heavy query's bounded alternative among the timed queries."""
    return f"{query.name} → {query.bounded[0]}"


def query_cases(store) -> dict[str, Case]:
    """What the benchmark times, by label: every bundled query with values for its required
    parameters, and each heavy query's bounded alternative with the parameters it names,
    the values read from `store`."""
    chosen: dict[str, str] = {}
    for name, text in PARAM_QUERIES.items():
        found = list(store.query(text, use_default_graph_as_union=True))
        if found:
            chosen[name] = found[0]["value"].value
    if "project" not in chosen:  # no two projects overlap: any project will do
        chosen["project"] = min(project_titles(store), default="")
    queries = {q.name: q for q in list_queries()}

    def case(name: str, given: tuple[str, ...] = ()) -> Case:
        wanted = {p.name for p in queries[name].params if p.required} | set(given)
        return name, {p: chosen[p] for p in sorted(wanted) if p in chosen}

    cases = {name: case(name) for name in queries}
    for q in queries.values():
        if q.heavy:
            cases[bounded_label(q)] = case(*q.bounded)
    return cases


def _timed(run, repeat: int) -> tuple[float | None, int | None, str | None]:
    """(median ms, rows, None) of up to `repeat` runs, fewer once they took
    REPEAT_BUDGET_MS; (None, None, the error) when the query fails."""
    times, rows = [], 0
    try:
        for _ in range(repeat):
            begin = time.perf_counter()
            rows = run()
            times.append((time.perf_counter() - begin) * 1000)
            if sum(times) > REPEAT_BUDGET_MS:
                break
    except Exception as error:  # an engine that cannot answer is a figure, not a crash
        return None, None, f"{type(error).__name__}: {error}".splitlines()[0][:200]
    return statistics.median(times), rows, None


def _in_fork(run, repeat: int, timeout_s: float) -> tuple[float | None, int | None, str | None]:
    """`_timed` in a forked child, stopped past `timeout_s` ((None, None, None) then)."""
    reader, writer = multiprocessing.get_context("fork").Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the fork: answer, then leave without the parent's clean-up
        try:
            writer.send(_timed(run, repeat))
        finally:
            os._exit(0)
    writer.close()
    try:
        if reader.poll(timeout_s + REPEAT_BUDGET_MS / 1000):
            return reader.recv()
        os.kill(pid, 9)
        return None, None, None
    except EOFError:
        return None, None, "the query's process ended without an answer"
    finally:
        reader.close()
        os.waitpid(pid, 0)


def _worker(engine: str, source: str, timeout_s: float, requests, replies) -> None:
    """Child process: open the graph, answer (label, name, params, repeat) with (label, ms,
    rows, error).

    `engine` "oxigraph" opens the store tnkg built in the folder `source` and runs the
    query as `tnkg query` does; "rdflib" loads the N-Quads file `source` into an rdflib
    Dataset whose default graph is the union, as the store's queries see it.
    """
    from tnkg.queries.params import PROJECT_TITLES
    from tnkg.queries.runner import bind_params, load_query, run_query

    start = time.perf_counter()
    if engine == "oxigraph":
        from tnkg.kg.store import open_store

        store = open_store(Path(source), read_only=True)
        counted = store.query(COUNT_TRIPLES, use_default_graph_as_union=True)
        size = int(next(iter(counted))["n"].value)

        def rows_of(name: str, params: dict) -> int:
            return len(run_query(store, load_query(name), params).rows)
    else:
        from rdflib import Dataset, Literal, URIRef, Variable

        graph = Dataset(default_union=True)
        graph.parse(source, format="nquads")
        size = len(graph)

        def titles() -> list[str]:
            return [str(row[0]) for row in graph.query(PROJECT_TITLES)]

        def rows_of(name: str, params: dict) -> int:
            query, bound = bind_params(load_query(name), params, titles)
            bindings = {
                Variable(v.value): URIRef(t.value) if not hasattr(t, "datatype")
                else Literal(t.value, datatype=None if t.datatype.value.endswith("#string")
                             else URIRef(t.datatype.value))
                for v, t in bound.items()
            }
            return len(list(graph.query(query.text, initBindings=bindings)))
    replies.put(("loaded", time.perf_counter() - start, size))
    while (request := requests.get()) is not None:
        label, name, params, repeat = request

        def run(name=name, params=params) -> int:
            return rows_of(name, params)

        timed = _timed(run, repeat) if engine == "oxigraph" else _in_fork(run, repeat, timeout_s)
        replies.put((label, *timed))


@dataclass
class QueryFigures:
    """What `measure_queries` found: per query median ms and rows (None past the cap)."""

    ms: dict[str, float | None] = field(default_factory=dict)
    rows: dict[str, int | None] = field(default_factory=dict)
    timeouts: dict[str, float] = field(default_factory=dict)
    load_seconds: float | None = None
    triples: int | None = None


def measure_queries(
    engine: str, source: str, cases: dict[str, Case], repeat: int, timeout_s: float,
    notes: list[str],
) -> QueryFigures:
    """Median ms and row count of each case on one engine, each query time-capped."""
    ctx = multiprocessing.get_context("spawn")
    figures = QueryFigures()
    child = None
    # the store's child is stopped from here; rdflib's stops its own forks, so this waits
    # for it longer than the cap
    wait_s = timeout_s + REPEAT_BUDGET_MS / 1000 + (60 if engine == "rdflib" else 0)
    try:
        for label, (name, params) in cases.items():
            if child is None:
                requests, replies = ctx.Queue(), ctx.Queue()
                child = ctx.Process(
                    target=_worker, args=(engine, source, timeout_s, requests, replies)
                )
                child.start()
                loaded = _reply(child, replies, None)
                if loaded is None:
                    raise RuntimeError(f"{engine}: the query process ended before the graph "
                                       "was open")
                _, load_s, size = loaded
                if figures.load_seconds is None:
                    figures.load_seconds, figures.triples = load_s, size
            requests.put((label, name, params, repeat))
            asked = time.perf_counter()
            answer = _reply(child, replies, wait_s)
            if answer is None:
                child.kill()
                child.join()
                child = None
                median = count = None
                error = None if time.perf_counter() - asked > wait_s else "its process died"
            else:
                _, median, count, error = answer
            if error:
                notes.append(f"{engine}: {label} failed: {error}")
            elif median is None:
                figures.timeouts[label] = timeout_s
                notes.append(f"{engine}: {label} did not finish within {timeout_s:.0f} s")
            figures.ms[label] = None if median is None else round(median, 3)
            figures.rows[label] = count
    finally:
        if child is not None:
            requests.put(None)
            child.join(30)
    return figures


def _reply(child, replies, timeout_s: float | None):
    """The child's next reply; None past `timeout_s` or when the child has died."""
    start = time.perf_counter()
    while timeout_s is None or time.perf_counter() - start < timeout_s:
        try:
            return replies.get(timeout=1)
        except queue.Empty:
            if not child.is_alive():
                return None
    return None


def measure_rdflib_queries(
    out_dir: Path, work: Path, cases: dict[str, Case], repeat: int, timeout_s: float,
    notes: list[str],
) -> QueryFigures:
    """`measure_queries` on rdflib, from an N-Quads dump of the store."""
    from pyoxigraph import RdfFormat

    from tnkg.kg.store import open_store

    nquads = work / "graph.nq"
    open_store(out_dir, read_only=True).dump(str(nquads), RdfFormat.N_QUADS)
    try:
        return measure_queries("rdflib", str(nquads), cases, repeat, timeout_s, notes)
    finally:
        nquads.unlink()
