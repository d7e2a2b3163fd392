"""The graph stage of a build as its pages come: each source's named graph made, spooled
for graph.trig and fed to the store loader while the next pages are extracted; then a short
second pass for what settles only when every page is in (organisation names, overlaps),
reading the pages' records back from a spool on disk, so that memory holds a few facts per
page, not its records."""

from __future__ import annotations

import pickle
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tnkg import __version__
from tnkg.extract.record import ProjectRecord
from tnkg.files import Spool
from tnkg.kg.dataset import Dataset, DatasetWriter
from tnkg.kg.iri import Minter, data_prefixes
from tnkg.kg.namespace import PREFIXES
from tnkg.kg.overlaps import (
    NEAREST,
    TOP_PAIRS,
    count_overlaps,
    overlap_triples,
    record_overlap_index,
)
from tnkg.kg.store import StoreLoader
from tnkg.kg.triples import PageSource, collect_organisations, overlap_graph
from tnkg.kg.turtle import GRAPH_END, TurtleWriter
from tnkg.records import CachedFile, RecordSpool, thin


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What the build keeps in memory of an input file once its graph is made."""

    sha256: str
    extracted_at: str
    export_rows: int  # the rows of a project-bank export; 0 for a page
    warnings: tuple[tuple[str, tuple[str, ...]], ...]  # (record source, its warnings)


PART_CHARS = 1 << 20  # the overlap graph's text a part at a time (the store loads several)


class StreamingGraph:
    """The graph of a build as its pages come: records spooled for records.json, each
    source's named graph made, spooled for graph.trig and fed to the store loader at once,
    thin records spooled for the second pass (organisation names, overlaps)."""

    def __init__(
        self, staging: Path, *, minter: Minter, include_contacts: bool,
        files_per_source: Counter[str],
    ) -> None:
        self.staging = staging
        self._expected = files_per_source
        self.minter = minter
        self.turtle = TurtleWriter({**PREFIXES, **data_prefixes(minter.base)})
        self.writer = DatasetWriter(
            turtle=self.turtle, minter=minter, include_contacts=include_contacts,
            spill_dir=staging,
        )
        self.records = RecordSpool(staging / "records.spool", include_contacts=include_contacts)
        # the thin records again, pickled: read back twice in the second pass, which JSON
        # would parse several times slower; the spool lives and dies with the build
        self._thin = Spool(staging / "thin.spool")
        self.trig = Spool(staging / "trig.spool")
        self.loader = StoreLoader(staging)
        self.pages: dict[str, PageFacts] = {}  # path -> what the build keeps of it
        # sha256 -> (path, thin entry) of the files whose source graph is not written yet
        self._sources: dict[str, list[tuple[str, CachedFile]]] = defaultdict(list)
        self._blocks: dict[str, list[str]] = defaultdict(list)  # sha256 -> its graph.trig blocks
        self._overlaps: list[str] = []  # the overlap graph's pieces in graph.trig
        try:
            self.loader.feed(self.writer.header())
        except BaseException:  # the load failed at once: nobody else will close what is open
            self.close()
            raise

    def add(self, path: str, entry: CachedFile) -> None:
        """A page's records: spooled, and its source's graph made once all the files with
        its bytes are in (two files with the same bytes are one source, so one graph)."""
        self.records.add(path, entry.records)
        entry = thin(entry)
        self._thin.add(path, pickle.dumps(entry.records, protocol=pickle.HIGHEST_PROTOCOL))
        self.pages[path] = PageFacts(
            entry.sha256, entry.extracted_at,
            len(entry.records) if _is_export(entry) else 0,
            tuple((rec.source, tuple(rec.warnings)) for rec in entry.records if rec.warnings),
        )
        waiting = self._sources[entry.sha256]
        waiting.append((path, entry))
        if len(waiting) >= self._expected[entry.sha256]:
            self._write_source(entry.sha256)

    def _write_source(self, sha256: str) -> None:
        pages = [
            (PageSource(file_address(entry.records), sha256, entry.extracted_at, __version__),
             entry.records)
            for _, entry in sorted(self._sources.pop(sha256), key=lambda item: item[0])
        ]
        # a page kept from the previous graph may come after its source's graph was made:
        # its part then goes in a block of its own for the same graph
        key = f"{sha256} {len(self._blocks[sha256])}"
        self._blocks[sha256].append(key)
        block = self.writer.source_block(sha256, pages)
        self.trig.add(key, block.encode("utf-8"))
        self.loader.feed(block)

    def _records(self) -> Iterator[ProjectRecord]:
        """Every page's thin records, in page order, read back from the spool."""
        for path in sorted(self.pages):
            yield from pickle.loads(self._thin.read(path))

    def finish(self) -> Dataset:
        """The second pass: sources whose bytes came twice, the shared graph, the overlaps."""
        for sha256 in list(self._sources):  # a file with the same bytes failed
            self._write_source(sha256)
        block = self.writer.shared_block(collect_organisations(self._records()))
        self.trig.add("shared", block.encode("utf-8"))
        self.loader.feed(block)
        index = record_overlap_index(self._records(), minter=self.minter)
        counted = count_overlaps(index, limit=TOP_PAIRS, nearest=NEAREST)
        head, parts = self.writer.big_graph(
            overlap_graph(self.minter), overlap_triples(index, counted, minter=self.minter),
            part_size=PART_CHARS,
        )
        # graph.trig gets the one block of the graph, in pieces; the store each part as a
        # block of its own, so that no bulk load holds the whole graph
        self._spool_overlaps(head)
        for n, part in enumerate(parts):
            self._spool_overlaps(part if n == 0 else "\n" + part)
            self.loader.feed(f"{head}{part}{GRAPH_END}")
        self._spool_overlaps(GRAPH_END)
        self.loader.end_feed()  # the load finishes while graph.ttl and records.json are written
        return self.writer.dataset

    def _spool_overlaps(self, text: str) -> None:
        key = f"overlaps {len(self._overlaps)}"
        self._overlaps.append(key)
        self.trig.add(key, text.encode("utf-8"))

    @property
    def kinds(self) -> dict[str, int]:
        """How many input files were pages and how many project-bank exports (and rows)."""
        exports = [facts.export_rows for facts in self.pages.values() if facts.export_rows]
        return {"pages": len(self.pages) - len(exports), "exports": len(exports),
                "export_rows": sum(exports)}

    @property
    def warnings(self) -> dict[str, list[str]]:
        return {source: list(warnings) for path in sorted(self.pages)
                for source, warnings in self.pages[path].warnings}

    def trig_order(self) -> list[str]:
        """graph.trig's graphs: each source in the order of its first file (by path), then
        the shared graph and the overlaps."""
        order = dict.fromkeys(self.pages[path].sha256 for path in sorted(self.pages))
        return [*(key for sha256 in order for key in self._blocks[sha256]), "shared",
                *self._overlaps]

    def close(self) -> None:
        self.records.close()
        self._thin.close()
        self.trig.close()
        self.loader.close()  # the thread writes into staging: let it end before removing it


def _is_export(entry: CachedFile) -> bool:
    return any(rec.layout == "tillvaxtverket-csv" for rec in entry.records)


def file_address(records: Sequence[ProjectRecord]) -> str | None:
    """The public address of a file from its records: a page's own; for an export, the
    address its rows share before their case ids (`#185210`); None when they have none or
    several."""
    if len(records) == 1:
        return records[0].source_url
    addresses = {(rec.source_url or "").split("#")[0] for rec in records}
    return addresses.pop() or None if len(addresses) == 1 else None
