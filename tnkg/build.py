"""`build_graph`: pages -> records (cached by content) -> named graphs -> store and files.

The graph is a function of the set of input files: a rebuild re-extracts only
files whose bytes changed (tnkg/records.py), regenerates every page's triples
from the records, and drops what removed files contributed simply by not
producing it. The stages stream: a page's named graph is made, written and
loaded into the store while the workers extract the next pages; the shared
graph (organisation names settle only when every page is in) and the overlaps
follow as a short second pass.

An input that cannot be read never shrinks the graph: its previous records stay,
and pages of the previous graph that are no longer among the inputs are dropped
only when every input was read (or with `prune`). When nothing at all could be
read the folder is left as it was. All outputs are written into a staging folder
inside DIR and swapped in as one step (tnkg/outputs.py), which also removes what
earlier runs derived from the graph this one replaces; an interrupted build
leaves the previous graph and files.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tnkg import __version__
from tnkg.errors import BuildError, ExtractError
from tnkg.extract import pipeline
from tnkg.extract.record import ProjectRecord
from tnkg.extract.textio import check_page_file
from tnkg.files import write_atomic
from tnkg.graph_stream import StreamingGraph
from tnkg.kg.dataset import Dataset
from tnkg.kg.iri import DEFAULT_BASE_IRI, Minter, check_base_iri
from tnkg.kg.store import STORE_LINK
from tnkg.kg.void import VOID_FILE, Statistics, describe_dataset, write_void
from tnkg.lock import build_lock
from tnkg.outputs import has_graph, make_staging, recover, swap_in
from tnkg.records import (
    INPUTS_FILE,
    CachedFile,
    RecordCache,
    extractor_fingerprint,
    previous_inputs,
    previous_records,
    source_file,
    write_inputs,
)

# (paths, jobs, spacy_model) -> (records, errors as (path, message)), or an iterator of
# such pairs (one per file, say) for an extractor that streams
ExtractResult = tuple[list[ProjectRecord], list[tuple[str, str]]]
Extractor = Callable[
    [Sequence[str], int, str | None], ExtractResult | Iterator[ExtractResult]
]
# writes more files of the new graph (graph.html, network.json.gz) into a folder whose
# `store` is that graph; returns their names
PagesWriter = Callable[[Path], list[str]]

# what earlier runs derived from the graph (`tnkg analyze`, graph.html, the network file of
# queries/network_file.py): a build that changes the graph removes each it does not write
# anew, in the same step that swaps the graph in
DERIVED_FILES = (
    "overlaps.csv", "country-pairs.csv", "centrality.csv", "communities.json", "graph.graphml",
    "graph.gexf", "graph.html", "network.json.gz",
)


@dataclass(slots=True)
class BuildReport:
    """What a build did; `as_json()` is the content of report.json.

    `files` counts the input files; of those read, `pages` were project pages and
    `exports` project-bank CSV exports holding `export_rows` projects. `unchanged`: no
    input could be read, and DIR was left as it was.
    """

    out_dir: str
    base_iri: str
    include_contacts: bool
    files: int
    pages: int
    exports: int
    export_rows: int
    pages_extracted: int
    pages_cached: int
    pages_kept: tuple[str, ...]
    pages_removed: tuple[str, ...]
    counts: dict[str, int]
    warnings: dict[str, list[str]]
    errors: dict[str, str]
    timings: dict[str, float] = field(default_factory=dict)
    unchanged: bool = False
    graph_sha256: str | None = None
    stale_removed: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "tnkg_version": __version__,
            "out_dir": self.out_dir,
            "base_iri": self.base_iri,
            "include_contacts": self.include_contacts,
            "files": self.files,
            "pages": self.pages,
            "exports": self.exports,
            "export_rows": self.export_rows,
            "pages_extracted": self.pages_extracted,
            "pages_cached": self.pages_cached,
            "pages_failed": len(self.errors),
            "pages_kept": list(self.pages_kept),
            "pages_removed": list(self.pages_removed),
            "counts": self.counts,
            "graph_sha256": self.graph_sha256,
            "warnings": self.warnings,
            "errors": self.errors,
            "timings": self.timings,
        }


def extract_with_pipeline(
    paths: Sequence[str], jobs: int, spacy_model: str | None,
    *, exclusions: frozenset = frozenset(),
) -> Iterator[ExtractResult]:
    """Run the page parser (tnkg.extract.pipeline) over the files that need it, one file
    at a time: each page's records are cached and thinned before the next page arrives."""
    with contextlib.closing(
        pipeline.iter_extract(paths, jobs=jobs, spacy_model=spacy_model, exclusions=exclusions)
    ) as outcomes:  # closed on an error or Ctrl-C in the build: that stops the workers at once
        for path, records, error in outcomes:
            yield records, [] if error is None else [(str(path), error)]


def build_graph(
    paths: Iterable[str | os.PathLike] | None = None,
    *,
    out_dir: str | os.PathLike = "tnkg-out",
    base_iri: str = DEFAULT_BASE_IRI,
    jobs: int | None = None,
    include_contacts: bool = False,
    spacy_model: str | None = None,
    extract: Extractor | None = None,
    exclude_places: frozenset = frozenset(),
    license_iri: str | None = None,
    prune: bool = False,
    pages_writer: PagesWriter | None = None,
    notice: Callable[[str], None] = lambda line: None,
) -> BuildReport:
    """Build the knowledge graph of `paths` (default: the bundled sample) into `out_dir`.

    Writes DIR/store (pyoxigraph), graph.ttl, graph.trig, records.json, void.ttl (the
    dataset's VoID and DCAT description; `license_iri` is the data's licence, CC0 unless
    given) and report.json. Pages that fail to extract are reported in `errors` and keep
    what the previous graph had of them; the rest still builds. `extract`
    replaces the page parser (tests build from gold records with it);
    `exclude_places` drops ties to places a reader found wrong
    (tnkg.extract.review.read_exclusions); `pages_writer` writes more files from the new
    graph before the swap (graph.html); `notice` gets the lines worth telling a user (a
    lock taken over, pages kept).
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    out = Path(out_dir)
    minter = Minter(check_base_iri(base_iri))
    if license_iri is not None:
        check_base_iri(license_iri, option="--license")
    extracted_at = _now()
    jobs = jobs or os.cpu_count() or 1
    given = pipeline.default_corpus() if paths is None else paths
    files = [str(p) for p in pipeline.iter_input_files(given)]
    if not files:
        raise BuildError("no input pages: give page files or folders of them")

    with build_lock(out, notice=notice):
        finished = recover(out)
        if finished:
            notice(f"finished the swap of an interrupted build: {', '.join(finished)}")
        previous = previous_inputs(out)
        hashes, errors = _read_inputs(files)
        if not hashes and has_graph(out):
            return _unchanged_report(out, minter, files, errors, include_contacts, started)
        # records extracted under other exclusions are other records
        exclusions = sorted((e.written, e.place_id or "") for e in exclude_places)
        cache = RecordCache(
            out / "cache" / "records",
            fingerprint=extractor_fingerprint(spacy_model)
            + ("|" + hashlib.sha256(repr(exclusions).encode()).hexdigest()[:16]
               if exclusions else ""),
        )
        staging = make_staging(out)
        graph: StreamingGraph | None = None
        try:
            graph = StreamingGraph(
                staging, minter=minter, include_contacts=include_contacts,
                files_per_source=Counter(hashes.values()),
            )
            to_extract = [p for p in hashes if not cache.holds(hashes[p])]
            t0 = time.perf_counter()
            extractor = extract or extract_with_pipeline
            if extract is None and exclude_places:
                extractor = functools.partial(extractor, exclusions=exclude_places)
            outcome = extractor(to_extract, jobs, spacy_model) if to_extract else ()
            damaged: list[str] = []  # cache entries that open well but cannot be read
            with contextlib.closing(_batches(outcome)) as batches:
                # the workers start on the pages to extract while the cached ones go in
                wanted = set(to_extract)
                for path, sha in hashes.items():
                    if path not in wanted:
                        entry = cache.get(sha)
                        if entry is None:
                            damaged.append(path)
                        else:
                            graph.add(path, entry)
                _extract_into(cache, graph, errors, batches, to_extract, hashes, extracted_at)
            if damaged:
                with contextlib.closing(
                    _batches(extractor(damaged, jobs, spacy_model))
                ) as batches:
                    _extract_into(cache, graph, errors, batches, damaged, hashes, extracted_at)
                to_extract += damaged
            timings["extract_s"] = round(time.perf_counter() - t0, 3)
            kept, dropped = _keep_previous(
                out, cache, graph, previous, errors, keep=bool(errors) and not prune,
                extracted_at=extracted_at,
            )
            for path in sorted(dropped):
                notice(f"{path}: was in the graph; no longer among the inputs, removed")
            if kept:
                notice(
                    f"kept {len(kept)} page(s) of the previous graph: not every input could "
                    "be read, so none is removed (--prune removes them)"
                )
            t0 = time.perf_counter()
            dataset = graph.finish()
            timings["graphs_s"] = round(time.perf_counter() - t0, 3)
            t0 = time.perf_counter()
            statistics, graph_sha256 = _write_turtle(staging / "graph.ttl", graph, dataset)
            timings["ttl_s"] = round(time.perf_counter() - t0, 3)
            counts = dataset.counts(statistics.classes, triples=statistics.triples)
            report = BuildReport(
                out_dir=str(out),
                base_iri=minter.base,
                include_contacts=include_contacts,
                files=len(files),
                pages=graph.kinds["pages"],
                exports=graph.kinds["exports"],
                export_rows=graph.kinds["export_rows"],
                pages_extracted=len([p for p in to_extract if p not in errors]),
                pages_cached=len(hashes) - len(to_extract),
                pages_kept=tuple(sorted(kept)),
                pages_removed=tuple(sorted(dropped)),
                counts=counts,
                warnings=graph.warnings,
                errors=dict(sorted(errors.items())),
                timings=timings,
                graph_sha256=graph_sha256,
            )
            # the latest extraction, so that a rebuild of unchanged pages gives the same file
            modified = max((e.extracted_at for e in graph.pages.values()), default=_now())
            write_void(staging / VOID_FILE, describe_dataset(
                statistics, minter=minter, modified=modified,
                version=__version__, **({"license_iri": license_iri} if license_iri else {}),
            ))
            _write_outputs(out, staging, graph, report, pages_writer, started=started)
        finally:
            if graph is not None:
                graph.close()
            shutil.rmtree(staging, ignore_errors=True)
    return report


def _read_inputs(files: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """The SHA-256 of each input file that can be read, and an error for each other."""
    hashes: dict[str, str] = {}
    errors: dict[str, str] = {}
    for path in files:
        try:
            # the page reader's checks first: a FIFO would block the read, and a 50 MB
            # dump is no page
            check_page_file(Path(path))
            hashes[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except ExtractError as error:
            errors[path] = _without_path(str(error), path)
        except OSError as error:
            errors[path] = f"cannot read: {error.strerror or error}"
    return hashes, errors


def _keep_previous(
    out: Path, cache: RecordCache, graph: StreamingGraph, previous: dict[str, str | None],
    errors: dict[str, str], *, keep: bool, extracted_at: str,
) -> tuple[list[str], list[str]]:
    """The pages of the previous graph that are not in this one: kept (their records as they
    were) when `keep`, else dropped. A failed input that was in the graph is always kept:
    it is there, it only could not be read this time."""
    missing = [p for p in previous if p not in graph.pages]
    kept = [p for p in missing if keep or p in errors]
    dropped = [p for p in missing if p not in kept]
    unknown: list[str] = []
    for path in kept:
        sha = previous[path]
        entry = cache.get(sha, any_extractor=True) if sha else None
        if entry is None:
            unknown.append(path)
        else:
            graph.add(path, entry)
    if unknown:  # no cache entry: the records as the previous records.json has them
        found = previous_records(out, set(unknown))
        for path in unknown:
            records = found.get(path, [])
            sha = records[0].content_sha256 if records else None
            if sha:
                graph.add(path, CachedFile(sha, extracted_at, tuple(records)))
    return [p for p in kept if p in graph.pages], dropped


def _unchanged_report(
    out: Path, minter: Minter, files: list[str], errors: dict[str, str],
    include_contacts: bool, started: float,
) -> BuildReport:
    """No input could be read: DIR keeps its graph and files as they are."""
    return BuildReport(
        out_dir=str(out), base_iri=minter.base, include_contacts=include_contacts,
        files=len(files), pages=0, exports=0, export_rows=0, pages_extracted=0,
        pages_cached=0, pages_kept=(), pages_removed=(), counts={}, warnings={},
        errors=dict(sorted(errors.items())),
        timings={"total_s": round(time.perf_counter() - started, 3)}, unchanged=True,
    )


def _batches(outcome: ExtractResult | Iterator[ExtractResult] | tuple[()]
             ) -> Iterator[ExtractResult]:
    if outcome == ():
        return
    if isinstance(outcome, tuple):
        yield outcome
    else:
        yield from outcome  # closing this generator closes the extractor's too


def _without_path(message: str, path: str) -> str:
    # extract errors name their file; errors are keyed by it and printed after it already
    return message.removeprefix(f"{path}: ")


def _now() -> str:
    """The extraction time recorded for new records: now, or $SOURCE_DATE_EPOCH when it is set
    (the reproducible-builds convention), so that two builds of the same pages give the same
    bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        except (ValueError, OverflowError, OSError):
            raise BuildError(
                f"SOURCE_DATE_EPOCH={epoch!r}: give the time as whole seconds since 1970"
            ) from None
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _extract_into(
    cache: RecordCache,
    graph: StreamingGraph,
    errors: dict[str, str],
    batches: Iterable[ExtractResult],
    to_extract: list[str],
    hashes: dict[str, str],
    extracted_at: str,
) -> None:
    """Cache each batch's records and hand them to the graph as they come; a file that
    failed or gave no record is an error."""
    wanted = set(to_extract)
    order = {path: i for i, path in enumerate(to_extract)}
    for records, failures in _progress(batches, desc="pages", total=len(to_extract)):
        by_file: dict[str, list[ProjectRecord]] = defaultdict(list)
        for rec in records:
            by_file[source_file(rec.source, wanted)].append(rec)
        for path, message in failures:
            errors[path] = _without_path(message, path)
        # in input order: of two files with the same bytes the later one's entry is cached
        for path in sorted(by_file.keys() & wanted, key=order.__getitem__):
            if path in errors:
                continue
            entry = CachedFile(hashes[path], extracted_at, tuple(by_file[path]))
            cache.put(entry)
            graph.add(path, entry)
    for path in to_extract:
        if path not in errors and path not in graph.pages:
            errors[path] = "no project record could be read from it"


def _progress(items, *, desc: str, total: int):
    """A tqdm bar on stderr when it is a terminal; the bare iterable otherwise."""
    if not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, total=total, unit="file", file=sys.stderr, leave=False)


def _write_turtle(
    target: Path, graph: StreamingGraph, dataset: Dataset
) -> tuple[Statistics, str]:
    """graph.ttl from the union's sorted runs, merged as they are written; the VoID
    statistics counted on the way, and the SHA-256 of the file (it says whether the graph
    changed)."""
    statistics = Statistics()
    digest = hashlib.sha256()
    with open(target, "w", encoding="utf-8") as handle:
        graph.turtle.write_graph(statistics.counted(dataset.lines()), _Hashing(handle, digest))
    return statistics, digest.hexdigest()


def _write_outputs(
    out: Path, staging: Path, graph: StreamingGraph, report: BuildReport,
    pages_writer: PagesWriter | None, *, started: float,
) -> None:
    """Write graph.trig, records.json and the list of inputs into `staging` (graph.ttl is
    there already), wait for the store, write the pages, then swap everything in, dropping
    what earlier runs derived from a graph that is no longer the one in DIR."""
    t0 = time.perf_counter()
    with open(staging / "graph.trig", "wb") as handle:
        handle.write(graph.writer.header().encode("utf-8"))
        graph.trig.copy(graph.trig_order(), handle)
    pages = sorted(graph.pages)
    graph.records.write_json(pages, staging / "records.json")
    (staging / "cache").mkdir()
    write_inputs(staging / "cache" / INPUTS_FILE, {p: graph.pages[p].sha256 for p in pages})
    report.timings["records_s"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    generation = graph.loader.result()
    report.timings["store_wait_s"] = round(time.perf_counter() - t0, 3)
    report.timings["store_s"] = graph.loader.seconds
    written: list[str] = []
    if pages_writer is not None:
        t0 = time.perf_counter()
        os.symlink(generation.name, staging / STORE_LINK)  # the staged graph, as DIR/store
        written = pages_writer(staging)
        (staging / STORE_LINK).unlink()
        report.timings["pages_s"] = round(time.perf_counter() - t0, 3)
    report.timings["total_s"] = round(time.perf_counter() - started, 3)
    write_atomic(
        staging / "report.json",
        (json.dumps(report.as_json(), ensure_ascii=False, indent=1) + "\n").encode(),
    )
    changed = _previous_graph_sha256(out) != report.graph_sha256
    stale = [name for name in DERIVED_FILES if name not in written] if changed else []
    report.stale_removed = tuple(name for name in stale if (out / name).exists())
    swap_in(
        out, staging, generation=generation,
        moves=["graph.ttl", "graph.trig", "records.json", VOID_FILE, f"cache/{INPUTS_FILE}",
               *written,
               "report.json"],
        removals=stale,
    )


class _Hashing:
    """A text file that also feeds what is written to a hash (graph.ttl's digest says
    whether the graph changed)."""

    def __init__(self, handle, digest) -> None:
        self._handle, self._digest = handle, digest

    def write(self, text: str) -> None:
        self._handle.write(text)
        self._digest.update(text.encode("utf-8"))


def _previous_graph_sha256(out: Path) -> str | None:
    try:
        return json.loads((out / "report.json").read_text("utf-8")).get("graph_sha256")
    except (OSError, ValueError, AttributeError):
        return None
