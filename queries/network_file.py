"""The partnership network's tables as a file of the output folder, so that `tnkg analyze`
need not query the store.

`build_partnership_network` reads seven tables (queries/network/*.rq) from the store;
at 10,000 pages reading them, the memberships above all, is the larger part of
`tnkg analyze`. `tnkg build`, which has the new store open before it swaps it in, writes
the same rows once into DIR/network.json.gz (`write_network_file`, one of the files the
command has the build write from the staged graph, as graph.html), stamped with the store
generation they were read from (what DIR/store links to). `read_network_file` gives them
back only while DIR/store is that generation, and None otherwise (no file, a file of an
older graph, a store loaded by other means, a damaged file): the caller then reads the
store, which gives the same rows.

The file is gzip'd JSON: each distinct value once (`values`), each table a list of columns
of indexes into it (null for an unbound value), in the order `select_rows` sorts rows.
JSON keeps the values' types (str, int, float), which the exported files declare.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from pathlib import Path
from typing import Any

from tnkg.files import atomic_writer
from tnkg.kg.store import STORE_LINK, open_store
from tnkg.queries.networks import NETWORK_TABLES, NetworkTables, select_rows

NETWORK_FILE = "network.json.gz"
FORMAT = 1  # raise when the file's layout changes: an older file is then not read


def write_network_file(folder: Path) -> list[str]:
    """Read the network's tables from the graph of `folder` (a built folder, or a build's
    staging folder whose `store` links to the new generation) and write them atomically into
    FOLDER/network.json.gz; its name is returned."""
    store = open_store(folder)
    values: list[Any] = []
    number: dict[tuple[type, Any], int] = {}

    def index(value: Any) -> int | None:
        if value is None:
            return None
        key = (type(value), value)  # 1, 1.0 and True are one dict key
        found = number.get(key)
        if found is None:
            found = number[key] = len(values)
            values.append(value)
        return found

    tables: dict[str, dict[str, list[int | None]]] = {}
    for name in NETWORK_TABLES:
        rows = select_rows(store, name)
        columns = list(rows[0]) if rows else []
        tables[name] = {column: [index(row[column]) for row in rows] for column in columns}
    del store  # closed before the build moves the generation
    document = {"format": FORMAT, "store": _generation(folder), "values": values,
                "tables": tables}
    with atomic_writer(folder / NETWORK_FILE, durable=False) as f, gzip.GzipFile(
        fileobj=f, mode="wb", compresslevel=6, mtime=0
    ) as packed:
        packed.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode())
    return [NETWORK_FILE]


def _generation(folder: Path) -> str | None:
    """The store generation FOLDER/store links to; None when it is no link (a store loaded
    by other means)."""
    link = folder / STORE_LINK
    return os.readlink(link) if link.is_symlink() else None


def read_network_file(out_dir: str | Path) -> NetworkTables | None:
    """The tables of DIR/network.json.gz when they were read from the store DIR holds now;
    None when there is no such file, or it belongs to another store, or cannot be read."""
    out = Path(out_dir)
    try:
        current = _generation(out)
        with gzip.open(out / NETWORK_FILE, "rb") as packed:
            document = json.loads(packed.read())
    except (OSError, EOFError, ValueError, zlib.error):
        return None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return None
    if current is None or document.get("store") != current:
        return None
    try:
        return NetworkTables(_decode(document))
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None


def _decode(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    values = document["values"]
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in NETWORK_TABLES:
        columns = document["tables"][name]
        decoded = [[None if i is None else values[i] for i in column]
                   for column in columns.values()]
        tables[name] = [dict(zip(columns, row, strict=True))
                        for row in zip(*decoded, strict=True)]
    return tables
