"""`build_graph`: pages -> records (cached by content) -> named graphs -> store and files.

The graph is a pure function of the set of input files: a rebuild
re-extracts only files whose bytes changed (tnkg/records.py), regenerates every
page's triples from the records, and drops what removed files contributed
simply by not producing it. All outputs are written into a staging
directory inside DIR first and then moved into place one by one with
os.replace, so an interrupted build leaves the previous graph and files.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import defaultdict
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
from tnkg.kg.dataset import SourceGraph, write_dataset
from tnkg.kg.iri import DEFAULT_BASE_IRI, Minter, check_base_iri, data_prefixes
from tnkg.kg.namespace import PREFIXES
from tnkg.kg.store import StoreLoader, install_store
from tnkg.kg.triples import PageSource, collect_organisations
from tnkg.kg.turtle import TurtleWriter
from tnkg.kg.void import VOID_FILE, Statistics, describe_dataset, write_void
from tnkg.records import (
    CachedFile,
    RecordCache,
    RecordSpool,
    extractor_fingerprint,
    previous_sources,
    thin,
)

LOCK_FILE = ".lock"

# (paths, jobs, spacy_model) -> (records, errors as (path, message)), or an iterator of
# such pairs (one per file, say) for an extractor that streams
ExtractResult = tuple[list[ProjectRecord], list[tuple[str, str]]]
Extractor = Callable[
    [Sequence[str], int, str | None], ExtractResult | Iterator[ExtractResult]
]

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


def _progress(items, *, desc: str, total: int):
    """A tqdm bar on stderr when it is a terminal; the bare iterable otherwise."""
    if not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, total=total, unit="page", file=sys.stderr, leave=False)


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
) -> BuildReport:
    """Build the knowledge graph of `paths` (default: the bundled sample) into `out_dir`.

    Writes DIR/store (pyoxigraph), graph.ttl, graph.trig, records.json, void.ttl (the
    dataset's VoID and DCAT description; `license_iri` is the data's licence, CC0 unless
    given) and report.json. Pages that fail to extract are reported in `errors` and left
    out; the rest still builds. `extract` replaces the page parser (tests
    build from gold records with it). `exclude_places` drops ties to places a reader found
    wrong (tnkg.extract.review.read_exclusions).
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

    with build_lock(out):
        previous = previous_sources(out)
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

        # records extracted under other exclusions are other records
        exclusions = sorted((e.written, e.place_id or "") for e in exclude_places)
        cache = RecordCache(
            out / "cache" / "records",
            fingerprint=extractor_fingerprint(spacy_model)
            + ("|" + hashlib.sha256(repr(exclusions).encode()).hexdigest()[:16]
               if exclusions else ""),
        )
        for stale in out.glob(".staging-*"):  # left by a killed build; the lock says none runs
            shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
        spool = RecordSpool(staging / "records.spool", include_contacts=include_contacts)
        loader: StoreLoader | None = None
        try:
            # each page's records go to the spool whole and stay in memory thinned
            cached: dict[str, CachedFile] = {}
            for path, sha in hashes.items():
                entry = cache.get(sha)
                if entry is not None:
                    spool.add(path, entry.records)
                    cached[path] = thin(entry)
            pages_cached = len(cached)
            to_extract = [p for p in hashes if p not in cached]
            t0 = time.perf_counter()
            if to_extract:
                extractor = extract or extract_with_pipeline
                if extract is None and exclude_places:
                    extractor = functools.partial(extractor, exclusions=exclude_places)
                outcome = extractor(to_extract, jobs, spacy_model)
                with contextlib.closing(_batches(outcome)) as batches:
                    _extract_into(
                        cache, cached, spool, errors, batches, to_extract, hashes, extracted_at
                    )
            timings["extract_s"] = round(time.perf_counter() - t0, 3)

            # the store loads in a thread from each page graph as soon as it is made
            loader = StoreLoader(staging)
            t0 = time.perf_counter()
            pages = sorted(cached)
            all_records = [rec for path in pages for rec in cached[path].records]
            turtle = TurtleWriter({**PREFIXES, **data_prefixes(minter.base)})
            graphs = _source_graphs(pages, cached)
            with open(staging / "graph.trig", "w", encoding="utf-8") as trig:
                dataset = write_dataset(
                    _progress(graphs, desc="graphs", total=len(graphs)),
                    collect_organisations(all_records), turtle=turtle,
                    sinks=(trig.write, loader.feed), minter=minter,
                    include_contacts=include_contacts,
                )
            loader.end_feed()  # the load finishes while graph.ttl and records.json are written
            timings["graphs_s"] = round(time.perf_counter() - t0, 3)
            counts = dataset.counts()
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
            # the latest extraction, so that a rebuild of unchanged pages gives the same file
            modified = max((entry.extracted_at for entry in cached.values()), default=_now())
            del all_records, cached  # not needed while graph.ttl and records.json are written
            write_void(staging / VOID_FILE, describe_dataset(
                Statistics().add(dataset.triples), minter=minter, modified=modified,
                version=__version__, **({"license_iri": license_iri} if license_iri else {}),
            ))
            _write_outputs(
                out, staging, loader, turtle, dataset.triples, spool, pages, report,
                started=started,
            )
        finally:
            spool.close()
            if loader is not None:
                loader.close()  # the thread writes into staging: let it end before removing it
            shutil.rmtree(staging, ignore_errors=True)
    return report


def _source_graphs(pages: list[str], cached: dict[str, CachedFile]) -> list[SourceGraph]:
    """The named graphs to write, in the order of their first page (by path): two files with
    the same bytes are one source, so one graph."""
    by_graph: dict[str, list[str]] = {}
    for path in pages:
        by_graph.setdefault(cached[path].sha256, []).append(path)
    return [
        (sha256, [
            (PageSource(file_address(cached[path].records), sha256, cached[path].extracted_at,
                        __version__),
             cached[path].records)
            for path in paths
        ])
        for sha256, paths in by_graph.items()
    ]


def file_address(records: Sequence[ProjectRecord]) -> str | None:
    """The public address of a file from its records: a page's own; for an export, the
    address its rows share before their case ids (`#185210`); None when they have none or
    several."""
    if len(records) == 1:
        return records[0].source_url
    addresses = {(rec.source_url or "").split("#")[0] for rec in records}
    return addresses.pop() or None if len(addresses) == 1 else None


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Hold DIR/.lock for the whole build; a second build on DIR stops at once."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK_FILE, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"another `tnkg build` is writing {out_dir} (lock {out_dir / LOCK_FILE} is held):"
                " wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _extract_into(
    cache: RecordCache,
    cached: dict[str, CachedFile],
    spool: RecordSpool,
    errors: dict[str, str],
    batches: Iterable[ExtractResult],
    to_extract: list[str],
    hashes: dict[str, str],
    extracted_at: str,
) -> None:
    """Cache, spool and thin the records of each batch as it comes; a file that failed or
    gave no record is an error."""
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
            cached[path] = thin(entry)
    for path in to_extract:
        if path not in errors and path not in cached:
            errors[path] = "no project record could be read from it"


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
    spool: RecordSpool, pages: list[str], report: BuildReport, *, started: float,
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
        for name in ("graph.ttl", "graph.trig", "records.json", VOID_FILE):
            os.replace(staging / name, out / name)
        write_atomic(
            out / "report.json",
            (json.dumps(report.as_json(), ensure_ascii=False, indent=1) + "\n").encode(),
        )
