"""The whole output of a build, collected so that two builds can be compared file for file.

A build is run as a user runs one (extraction by the real pipeline, the analysis, the
page, every bundled query), with what varies from run to run pinned: the extraction time
by $SOURCE_DATE_EPOCH, the input paths given relative to the folder the build runs in.
The real CSV is the build the docs show (`support.REAL_DATA_BUILD`: the export with the
sample). `collect` then gives each output as bytes under a name: RDF as sorted canonical
N-Quads (N-Triples for graph.ttl); CSV, JSON and XML whole; report.json without its
timings and output folder; the page without the vis-network release it inlines.
tests/test_golden_outputs.py compares a fresh build with tests/golden/sample/, and
tests/realdata/test_real_csv.py the real CSV with tests/golden/real-csv.json;
tests/golden/regenerate.py writes them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from support import pinned_extraction_time

from tnkg.build import build_graph
from tnkg.kg.store import open_store
from tnkg.queries.analysis import analyze_store
from tnkg.queries.formats import format_result
from tnkg.queries.network_file import read_network_file, write_network_file
from tnkg.queries.runner import list_queries, run_query
from tnkg.viz.pictures import write_picture

GOLDEN = Path(__file__).resolve().parent
SAMPLE_GOLDEN = GOLDEN / "sample"
REAL_MANIFEST = GOLDEN / "real-csv.json"
# a value for each required parameter of a bundled query
PARAMS = {
    "partners-abroad-of-municipality": {"municipality": "Linköping"},
    "overlaps-of-project": {"project": "Transnet"},
    "organisations-of-project": {"project": "Transnet"},
    "overlaps-in-municipality": {"municipality": "Stockholm"},
}
ANALYSIS_FILES = ("overlaps.csv", "centrality.csv", "communities.json", "graph.graphml",
                  "graph.gexf")
VIS_NETWORK = ("vis-network.min.js", "vis-network.css")  # inlined in every page


def build(pages: list[str], out_dir: Path, *, folder: Path) -> Path:
    """Build `pages` (names relative to `folder`) into `out_dir` with every output written."""
    with pinned_extraction_time(), contextlib.chdir(folder):
        report = build_graph(pages, out_dir=out_dir.resolve(), jobs=1,
                             pages_writer=write_network_file)
    if report.errors:
        raise RuntimeError(f"the golden build failed on {report.errors}")
    return complete(out_dir)


def complete(out_dir: Path) -> Path:
    """Write the analysis (from the build's network file, as `tnkg analyze` reads it) and the
    page of the graph built in `out_dir`."""
    network = read_network_file(out_dir)
    if network is None:
        raise RuntimeError(f"the build left no network file of its graph in {out_dir}")
    analyze_store(open_store(out_dir), out_dir, network=network)
    write_picture(out_dir)
    return out_dir


def copy_real_data_build(repo: Path, target: Path) -> Path:
    """The build folder of `support.REAL_DATA_BUILD` run in workspace `repo`, copied to
    `target` (the docs read the original) and completed with the analysis."""
    shutil.copytree(repo / "tvv-out", target, symlinks=True)
    return complete(target)


def _canonical(path: Path, rdf_format: ox.RdfFormat) -> bytes:
    statements = sorted({f"{statement} ." for statement in ox.parse(path=str(path),
                                                                      format=rdf_format)})
    return ("\n".join(statements) + "\n").encode("utf-8")


def collect(out_dir: Path) -> dict[str, bytes]:
    """Every output of the build in `out_dir`, by name, as comparable bytes."""
    outputs = {
        "graph.nq": _canonical(out_dir / "graph.trig", ox.RdfFormat.TRIG),
        "graph.ttl.nt": _canonical(out_dir / "graph.ttl", ox.RdfFormat.TURTLE),
        "records.json": (out_dir / "records.json").read_bytes(),
        "void.nt": _canonical(out_dir / "void.ttl", ox.RdfFormat.TURTLE),
    }
    report = json.loads((out_dir / "report.json").read_text("utf-8"))
    for varies in ("timings", "out_dir"):
        report.pop(varies)
    outputs["report.json"] = (json.dumps(report, ensure_ascii=False, indent=1) + "\n").encode()
    for name in ANALYSIS_FILES:
        outputs[name] = (out_dir / name).read_bytes()
    page = (out_dir / "graph.html").read_text("utf-8")
    for name in VIS_NETWORK:
        asset = resources.files("tnkg.viz").joinpath("assets", "vis-network", name)
        page = page.replace(asset.read_text("utf-8"), f"/* {name}, bundled */")
    outputs["graph.html"] = page.encode("utf-8")
    store = open_store(out_dir)
    for query in list_queries():
        result = run_query(store, query, PARAMS.get(query.name, {}))
        outputs[f"queries/{query.name}.json"] = format_result(result, "json").encode("utf-8")
    return outputs


def digests(outputs: dict[str, bytes]) -> dict[str, str]:
    """The SHA-256 of each output: the manifest of a build too large to commit whole."""
    return {name: hashlib.sha256(data).hexdigest() for name, data in sorted(outputs.items())}


def read_sample_golden() -> dict[str, bytes]:
    return {
        str(path.relative_to(SAMPLE_GOLDEN)): path.read_bytes()
        for path in sorted(SAMPLE_GOLDEN.rglob("*")) if path.is_file()
    }


def union_triples(nquads: bytes) -> bytes:
    """The canonical N-Triples of the union of canonical N-Quads' graphs (what graph.ttl
    holds)."""
    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    lines = sorted({f"{q.subject} {q.predicate} {q.object} ." for q in quads})
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_sample_golden(outputs: dict[str, bytes]) -> None:
    """tests/golden/sample/: every output but graph.ttl's triples, which the golden graph.nq
    holds already (the test compares them with its union)."""
    for old in SAMPLE_GOLDEN.rglob("*"):
        if old.is_file():
            old.unlink()
    for name, data in outputs.items():
        if name == "graph.ttl.nt":
            continue
        path = SAMPLE_GOLDEN / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
