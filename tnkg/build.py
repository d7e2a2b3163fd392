"""`build_graph`: pages -> records (cached by content) -> named graphs -> store and files.

The graph is a pure function of the set of input files: a rebuild
re-extracts only files whose bytes changed (kg/cache.py), regenerates every
page's triples from the records, and drops what removed files contributed
simply by not producing it. All outputs are written into a staging
directory inside DIR first and then moved into place one by one with
os.replace, so an interrupted build leaves the previous graph and files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from rdflib.namespace import PROV

from tnkg import __version__
from tnkg.errors import BuildError, ExtractError
from tnkg.extract import pipeline
from tnkg.extract.record import Contact, ProjectRecord, record_to_json
from tnkg.extract.textio import check_page_file
from tnkg.kg.cache import CachedFile, RecordCache
from tnkg.kg.files import write_atomic
from tnkg.kg.iri import DEFAULT_BASE_IRI, Minter, check_base_iri, data_prefixes
from tnkg.kg.namespace import ORG, PREFIXES, SCHEMA, TNKG
from tnkg.kg.ntriples import LineWriter
from tnkg.kg.store import StoreLoader, build_lock, install_store
from tnkg.kg.triples import PageSource, collect_organisations, page_parts, shared_graph
from tnkg.kg.turtle import RDF_TYPE, TurtleWriter

# (paths, jobs, spacy_model) -> (records, errors as (path, message)), or an iterator of
# such pairs (one per file, say) for an extractor that streams
ExtractResult = tuple[list[ProjectRecord], list[tuple[str, str]]]
Extractor = Callable[
    [Sequence[str], int, str | None], ExtractResult | Iterator[ExtractResult]
]

# report.json counts: name -> class whose instances are counted
COUNTED_CLASSES = {
    "projects": SCHEMA.Project,
    "organisations": ORG.Organization,
    "memberships": ORG.Membership,
    "place_ties": TNKG.PlaceTie,
    "municipalities": TNKG.Municipality,
    "counties": TNKG.County,
    "esf_regions": TNKG.EsfRegion,
    "cities": SCHEMA.City,
    "regions": TNKG.ForeignRegion,
    "countries": SCHEMA.Country,
    "sources": PROV.Entity,
}


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did; `as_json()` is the content of report.json."""

    out_dir: str
    base_iri: str
    include_contacts: bool
    pages: int
    pages_extracted: int
    pages_cached: int
    pages_removed: tuple[str, ...]
    counts: dict[str, int]
    warnings: dict[str, list[str]]
    errors: dict[str, str]
    timings: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "tnkg_version": __version__,
            "out_dir": self.out_dir,
            "base_iri": self.base_iri,
            "include_contacts": self.include_contacts,
            "pages": self.pages,
            "pages_extracted": self.pages_extracted,
            "pages_cached": self.pages_cached,
            "pages_failed": len(self.errors),
            "pages_removed": list(self.pages_removed),
            "counts": self.counts,
            "warnings": self.warnings,
            "errors": self.errors,
            "timings": self.timings,
        }


def extract_with_pipeline(
    paths: Sequence[str], jobs: int, spacy_model: str | None
) -> Iterator[ExtractResult]:
    """Run the page parser (tnkg.extract.pipeline) over the files that need it, one file
    at a time: each page's records are cached and thinned before the next page arrives."""
    with contextlib.closing(
        pipeline.iter_extract(paths, jobs=jobs, spacy_model=spacy_model)
    ) as outcomes:  # closed on an error or Ctrl-C in the build: that stops the workers at once
        for path, records, error in outcomes:
            yield records, [] if error is None else [(str(path), error)]


def _batches(outcome: ExtractResult | Iterator[ExtractResult]) -> Iterator[ExtractResult]:
    if isinstance(outcome, tuple):
        yield outcome
    else:
        yield from outcome  # closing this generator closes the extractor's too


def _source_file(rec: ProjectRecord, paths: set[str]) -> str:
    """The input file a record came from: its source, or the part before `#` of a CSV row."""
    if rec.source in paths:
        return rec.source
    return rec.source.rsplit("#", 1)[0]


def _without_path(message: str, path: str) -> str:
    # extract errors name their file; errors are keyed by it and printed after it already
    return message.removeprefix(f"{path}: ")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _without_contact(rec: ProjectRecord) -> ProjectRecord:
    return replace(rec, contact=Contact())


def _thin(entry: CachedFile) -> CachedFile:
    """The entry without its section texts: the graph does not use them, and they are most
    of a record's memory (about 25 kB a page); records.json has them from the spool."""
    return replace(entry, records=tuple(replace(rec, sections=()) for rec in entry.records))


class _RecordSpool:
    """records.json lines spooled to a file as each page's records arrive (cache or
    extraction, in any order), and copied into records.json in page order at the end."""

    def __init__(self, path: Path, *, include_contacts: bool) -> None:
        self._file = open(path, "w+b")  # noqa: SIM115 (closed by close(), in build_graph's finally)
        self._include_contacts = include_contacts
        self._spans: dict[str, tuple[int, int]] = {}
        self._size = 0

    def add(self, path: str, records: Iterable[ProjectRecord]) -> None:
        # each line starts with the comma that separates it from the one before; the first
        # line of the file drops it
        data = "".join(
            ","
            + json.dumps(
                record_to_json(rec if self._include_contacts else _without_contact(rec)),
                ensure_ascii=False,
            )
            + "\n"
            for rec in records
        ).encode("utf-8")
        self._file.write(data)
        self._spans[path] = (self._size, len(data))
        self._size += len(data)

    def write_json(self, pages: Iterable[str], target: Path) -> None:
        """records.json: a JSON array, one record a line, the pages in the order given."""
        self._file.flush()
        spool = self._file.fileno()
        with open(target, "wb") as handle:
            handle.write(b"[\n")
            first = True
            for path in pages:
                start, size = self._spans[path]
                data = os.pread(spool, size, start)
                handle.write(data[1:] if first and data else data)
                first = first and not data
            handle.write(b"]\n")

    def close(self) -> None:
        self._file.close()


def _progress(items, *, desc: str, total: int):
    """A tqdm bar on stderr when it is a terminal; the bare iterable otherwise."""
    if not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, total=total, unit="page", file=sys.stderr, leave=False)


def _previous_sources(out_dir: Path) -> set[str]:
    """The sources of the last build's records.json, read a line (one record) at a time:
    parsed whole, the file (255 MB at 10,000 pages) took twice its size in memory."""
    sources: set[str] = set()
    try:
        with open(out_dir / "records.json", encoding="utf-8") as handle:
            for line in handle:
                line = line.strip().removeprefix(",")
                if line not in ("[", "]", ""):
                    sources.add(json.loads(line)["source"])
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    return sources


def build_graph(
    paths: Iterable[str | os.PathLike] | None = None,
    *,
    out_dir: str | os.PathLike = "tnkg-out",
    base_iri: str = DEFAULT_BASE_IRI,
    jobs: int | None = None,
    include_contacts: bool = False,
    spacy_model: str | None = None,
    extract: Extractor | None = None,
) -> BuildReport:
    """Build the knowledge graph of `paths` (default: the bundled sample) into `out_dir`.

    Writes DIR/store (pyoxigraph), graph.ttl, graph.trig, records.json and
    report.json. Pages that fail to extract are reported in `errors` and left
    out; the rest still builds. `extract` replaces the page parser (tests
    build from gold records with it).
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    out = Path(out_dir)
    minter = Minter(check_base_iri(base_iri))
    jobs = jobs or os.cpu_count() or 1
    given = pipeline.default_corpus() if paths is None else paths
    files = [str(p) for p in pipeline.iter_input_files(given)]
    if not files:
        raise BuildError("no input pages: give page files or folders of them")

    with build_lock(out):
        previous = _previous_sources(out)
        errors: dict[str, str] = {}
        hashes: dict[str, str] = {}
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

        cache = RecordCache(out / "cache" / "records", fingerprint=f"{__version__}|{spacy_model}")
        for stale in out.glob(".staging-*"):  # left by a killed build; the lock says none runs
            shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
        spool = _RecordSpool(staging / "records.spool", include_contacts=include_contacts)
        loader: StoreLoader | None = None
        try:
            # each page's records go to the spool whole and stay in memory thinned
            cached: dict[str, CachedFile] = {}
            for path, sha in hashes.items():
                entry = cache.get(sha)
                if entry is not None:
                    spool.add(path, entry.records)
                    cached[path] = _thin(entry)
            pages_cached = len(cached)
            to_extract = [p for p in hashes if p not in cached]
            t0 = time.perf_counter()
            if to_extract:
                outcome = (extract or extract_with_pipeline)(to_extract, jobs, spacy_model)
                with contextlib.closing(_batches(outcome)) as batches:
                    _extract_into(cache, cached, spool, errors, batches, to_extract, hashes)
            timings["extract_s"] = round(time.perf_counter() - t0, 3)

            # the store loads in a thread from each page graph as soon as it is made
            loader = StoreLoader(staging)
            t0 = time.perf_counter()
            pages = sorted(cached)
            all_records = [rec for path in pages for rec in cached[path].records]
            turtle = TurtleWriter({**PREFIXES, **data_prefixes(minter.base)})
            with open(staging / "graph.trig", "w", encoding="utf-8") as trig:
                graphs = _write_page_graphs(
                    pages, cached, all_records, turtle, trig, loader, minter=minter,
                    include_contacts=include_contacts,
                )
            loader.end_feed()  # the load finishes while graph.ttl and records.json are written
            timings["graphs_s"] = round(time.perf_counter() - t0, 3)
            counts = _count(graphs)
            warnings = {rec.source: list(rec.warnings) for rec in all_records if rec.warnings}
            report = BuildReport(
                out_dir=str(out),
                base_iri=minter.base,
                include_contacts=include_contacts,
                pages=len(files),
                pages_extracted=len([p for p in to_extract if p not in errors]),
                pages_cached=pages_cached,
                pages_removed=tuple(sorted(previous - {r.source for r in all_records})),
                counts=counts,
                warnings=warnings,
                errors=dict(sorted(errors.items())),
                timings=timings,
            )
            del all_records, cached  # not needed while graph.ttl and records.json are written
            _write_outputs(
                out, staging, loader, turtle, graphs.triples, spool, pages, report,
                started=started,
            )
        finally:
            spool.close()
            if loader is not None:
                loader.close()  # the thread writes into staging: let it end before removing it
            shutil.rmtree(staging, ignore_errors=True)
    return report


def _extract_into(
    cache: RecordCache,
    cached: dict[str, CachedFile],
    spool: _RecordSpool,
    errors: dict[str, str],
    batches: Iterable[ExtractResult],
    to_extract: list[str],
    hashes: dict[str, str],
) -> None:
    """Cache, spool and thin the records of each batch as it comes; a file that failed or
    gave no record is an error."""
    extracted_at = _now()
    wanted = set(to_extract)
    order = {path: i for i, path in enumerate(to_extract)}
    for records, failures in batches:
        by_file: dict[str, list[ProjectRecord]] = defaultdict(list)
        for rec in records:
            by_file[_source_file(rec, wanted)].append(rec)
        for path, message in failures:
            errors[path] = _without_path(message, path)
        # in input order: of two files with the same bytes the later one's entry is cached
        for path in sorted(by_file.keys() & wanted, key=order.__getitem__):
            if path in errors:
                continue
            entry = CachedFile(hashes[path], extracted_at, tuple(by_file[path]))
            cache.put(entry)
            spool.add(path, entry.records)
            cached[path] = _thin(entry)
    for path in to_extract:
        if path not in errors and path not in cached:
            errors[path] = "no project record could be read from it"


@dataclass(slots=True)
class _Graphs:
    """What the files and counts need once the page graphs are written and loaded."""

    triples: set[str] = field(default_factory=set)  # the union: graph.ttl holds each once
    quads: int = 0
    names: int = 0


def _write_page_graphs(
    pages: list[str],
    cached: dict[str, CachedFile],
    records: list[ProjectRecord],
    turtle: TurtleWriter,
    trig: TextIO,
    loader: StoreLoader,
    *,
    minter: Minter,
    include_contacts: bool,
) -> _Graphs:
    """Make each page's named graph as a set of N-Triples lines (strings hash and sort in C),
    write it to graph.trig and hand the same text to the store loader, then let it go: only
    the union stays in memory. The shared nodes the pages use gather in one set and go last,
    once, into the shared graph; being made from the current records only, it holds no node
    that no page uses any more.

    Graphs come in the order of their first page (by path); two files with the same bytes
    are one source, so one graph.
    """
    organisations = collect_organisations(records)
    by_graph: dict[str, list[str]] = {}
    for path in pages:
        by_graph.setdefault(cached[path].sha256, []).append(path)
    writer = LineWriter()
    graphs = _Graphs(names=len(by_graph) + 1)
    shared: set[str] = set()
    header = turtle.header()
    trig.write(header)
    loader.feed(header)
    for sha256, paths in _progress(list(by_graph.items()), desc="graphs", total=len(by_graph)):
        lines: set[str] = set()
        for path in paths:
            entry = cached[path]
            source = PageSource(path, sha256, entry.extracted_at, __version__)
            for rec in entry.records:
                parts = page_parts(
                    rec, source, organisations, minter=minter, include_contacts=include_contacts
                )
                writer.add(lines, parts, shared)
        _write_graph(writer.term(minter.source(sha256)), lines, turtle, trig, loader, graphs)
    _write_graph(writer.term(shared_graph(minter)), shared, turtle, trig, loader, graphs)
    return graphs


def _write_graph(
    name: str, lines: set[str], turtle: TurtleWriter, trig: TextIO, loader: StoreLoader,
    graphs: _Graphs,
) -> None:
    block = turtle.graph_block(name, sorted(lines))
    trig.write(block)
    loader.feed(block)
    graphs.triples.update(lines)
    graphs.quads += len(lines)


def _count(graphs: _Graphs) -> dict[str, int]:
    """Instances per counted class, distinct triples, quads and named graphs."""
    typed = f" {RDF_TYPE} "
    # a type line is unique in the union, so a class counts each of its subjects once
    instances = Counter(line.split(" ", 2)[2] for line in graphs.triples if typed in line)
    counts = {name: instances[f"<{cls}>"] for name, cls in COUNTED_CLASSES.items()}
    counts["triples"] = len(graphs.triples)
    counts["quads"] = graphs.quads
    counts["named_graphs"] = graphs.names
    return counts


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while the outputs are swapped in, and deliver them after.

    An interrupt then lands before the swap (the previous build stays) or after it (the new
    one is whole), never between the store and graph.ttl. Python runs signal handlers in
    the main thread only, so elsewhere there is nothing to hold.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, lambda n, _: received.append(n)) for signum in held}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if received:
            signal.raise_signal(received[0])


def _write_outputs(
    out: Path, staging: Path, loader: StoreLoader, turtle: TurtleWriter, triples: set[str],
    spool: _RecordSpool, pages: list[str], report: BuildReport, *, started: float,
) -> None:
    """Write graph.ttl and records.json into `staging` in DIR beside graph.trig, wait for
    the store, then move each into place."""
    t0 = time.perf_counter()
    with open(staging / "graph.ttl", "w", encoding="utf-8") as handle:
        turtle.write_graph(sorted(triples), handle)
    report.timings["ttl_s"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    spool.write_json(pages, staging / "records.json")
    report.timings["records_s"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    generation = loader.result()
    report.timings["store_wait_s"] = round(time.perf_counter() - t0, 3)
    report.timings["store_s"] = loader.seconds
    report.timings["total_s"] = round(time.perf_counter() - started, 3)
    with _interrupts_deferred():
        install_store(out, generation)
        for name in ("graph.ttl", "graph.trig", "records.json"):
            os.replace(staging / name, out / name)
        write_atomic(
            out / "report.json",
            (json.dumps(report.as_json(), ensure_ascii=False, indent=1) + "\n").encode(),
        )
