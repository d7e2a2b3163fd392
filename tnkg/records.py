"""The extraction cache behind incremental builds: records keyed by page content.

`DIR/cache/records/{sha256}.json` holds what one input file gave: its
records (the published JSON form), when they were extracted, and the
fingerprint of the extractor (tnkg version and spaCy model). A rebuild
re-extracts a file only when its bytes or the extractor changed; keeping the
extraction time from the cache is what makes an unchanged rebuild give the
very same graph.

The cache keeps records whole, contact data included, so that a later build
with `--include-contacts` needs no re-extraction; it is internal to DIR and
never exported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tnkg.extract.record import ProjectRecord, record_from_json, record_to_json
from tnkg.kg.files import write_atomic


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
