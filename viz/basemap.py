"""The map under the network: the projection, and the country outlines drawn in it.

Places go where a Lambert azimuthal equal-area projection centred on 52° N 10° E puts them
(the centre and projection of ETRS89-LAEA, EPSG:3035, the EU's statistical maps; here on a
sphere), and so do the outlines: Natural Earth's countries at 1:110m, shipped in
`assets/countries/` (public domain; `scripts/make_country_outlines.py` writes the file).
Drawing units are `KM_PER_UNIT` km, so that a map of Europe is about as many units wide as a
screen is pixels; y grows southwards, as on a screen.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import numpy as np

EARTH_RADIUS_KM = 6371.0
CENTRE = (52.0, 10.0)  # latitude, longitude
KM_PER_UNIT = 2.5
PROJECTION = "Lambert azimuthal equal-area, centred on 52° N 10° E"
SOURCE = "Natural Earth 1:110m (public domain)"

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in drawing units


def project(latitude: np.ndarray, longitude: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drawing coordinates (x east, y south) of points given in degrees.

    >>> x, y = project(np.array([52.0, 59.33]), np.array([10.0, 18.07]))
    >>> [round(float(v)) for v in (x[0], y[0], x[1], y[1])]
    [0, 0, 183, -336]
    """
    lat, lon = np.radians(latitude), np.radians(longitude)
    lat0, lon0 = np.radians(CENTRE[0]), np.radians(CENTRE[1])
    cos_c = np.sin(lat0) * np.sin(lat) + np.cos(lat0) * np.cos(lat) * np.cos(lon - lon0)
    # the antipode has no image; points within a hair of it go to the rim
    k = np.sqrt(2.0 / np.maximum(1.0 + cos_c, 1e-9)) * EARTH_RADIUS_KM / KM_PER_UNIT
    x = k * np.cos(lat) * np.sin(lon - lon0)
    y = -k * (np.cos(lat0) * np.sin(lat) - np.sin(lat0) * np.cos(lat) * np.cos(lon - lon0))
    return x, y


def project_point(latitude: float, longitude: float) -> tuple[float, float]:
    x, y = project(np.array([latitude]), np.array([longitude]))
    return float(x[0]), float(y[0])


@cache
def country_outlines() -> dict[str, tuple[np.ndarray, ...]]:
    """Each country's rings (outer boundaries and holes), projected: arrays of shape (n, 2)."""
    path = resources.files("tnkg.viz").joinpath("assets", "countries", "countries-110m.json")
    data = json.loads(path.read_text("utf-8"))
    outlines = {}
    for code, rings in data["countries"].items():
        projected = []
        for flat in rings:
            degrees = np.asarray(flat, dtype=float).reshape(-1, 2) / 100.0
            x, y = project(degrees[:, 1], degrees[:, 0])
            projected.append(np.column_stack([x, y]))
        outlines[code] = tuple(projected)
    return outlines


def country_box(code: str) -> Box | None:
    """The box around a country's outline, or None when the outlines lack it."""
    rings = country_outlines().get(code)
    if not rings:
        return None
    points = np.concatenate(rings)
    return (float(points[:, 0].min()), float(points[:, 1].min()),
            float(points[:, 0].max()), float(points[:, 1].max()))


def rings_near(box: Box, *, step: float = 1.5) -> list[np.ndarray]:
    """The outline rings that reach into `box` grown by half its size, thinned so that no two
    kept points are closer than `step` units (what a first view at scale 1 can show)."""
    x0, y0, x1, y1 = box
    grow_x, grow_y = (x1 - x0) / 2, (y1 - y0) / 2
    x0, y0, x1, y1 = x0 - grow_x, y0 - grow_y, x1 + grow_x, y1 + grow_y
    kept = []
    for rings in country_outlines().values():
        for ring in rings:
            if (ring[:, 0].max() < x0 or ring[:, 0].min() > x1
                    or ring[:, 1].max() < y0 or ring[:, 1].min() > y1):
                continue
            thinned = _thin(ring, step)
            if len(thinned) >= 3:
                kept.append(thinned)
    return kept


def _thin(ring: np.ndarray, step: float) -> np.ndarray:
    keep = [0]
    for i in range(1, len(ring)):
        if np.hypot(*(ring[i] - ring[keep[-1]])) >= step:
            keep.append(i)
    return ring[keep]
