"""Write viz/assets/countries/countries-110m.json, the country outlines under the map views.

    pip install pyogrio shapely        # pyogrio's wheel ships Natural Earth's 1:110m countries
    python scripts/make_country_outlines.py [--source PATH.shp] [--check]

The outlines are Natural Earth's Admin 0 countries at 1:110m (public domain), as the
`naturalearth_lowres` test fixture that pyogrio's wheel ships, so nothing is fetched from
Natural Earth's own site. Each country is keyed by its ISO 3166-1 alpha-2 code and holds its
rings (outer boundaries and holes) as flat lists of longitude, latitude in hundredths of a
degree (about 1 km), with points closer than that to the previous one dropped. tnkg projects
them when it draws (tnkg/viz/basemap.py), so the file stays in degrees. `--check` exits 1 when
the committed file differs from what the source gives.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from importlib import metadata, resources
from pathlib import Path

import pycountry
import shapely
from pyogrio.raw import read

TARGET = (Path(__file__).resolve().parents[1] / "viz" / "assets" / "countries"
          / "countries-110m.json")
FIXTURE = "tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp"
SCALE = 100  # coordinates kept in hundredths of a degree
# Natural Earth leaves iso_a3 at -99 for these; their ISO 3166-1 codes (XK: Kosovo's user code)
CODES_BY_NAME = {"France": "FR", "Norway": "NO", "Kosovo": "XK"}


def outlines(source: Path) -> dict:
    meta, _, geometries, fields = read(str(source))
    columns = {name: values for name, values in zip(meta["fields"].tolist(), fields, strict=True)}
    countries: dict[str, list[list[int]]] = {}
    for geometry, name, iso_a3 in zip(shapely.from_wkb(geometries), columns["name"],
                                      columns["iso_a3"], strict=True):
        code = alpha2(str(name), str(iso_a3))
        if code is None:
            continue  # N. Cyprus, Somaliland: no ISO code of their own, and no tnkg place has one
        rings = countries.setdefault(code, [])
        for polygon in getattr(geometry, "geoms", [geometry]):
            for ring in (polygon.exterior, *polygon.interiors):
                rings.append(flat_ring(ring.coords))
    return {
        "source": "Natural Earth 1:110m Admin 0 - Countries (public domain), as the "
                  "naturalearth_lowres fixture of pyogrio "
                  f"{metadata.version('pyogrio')}",
        "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "units": f"1/{SCALE} degree; rings as flat [lon, lat, lon, lat, ...]",
        "countries": dict(sorted(countries.items())),
    }


def alpha2(name: str, iso_a3: str) -> str | None:
    if name in CODES_BY_NAME:
        return CODES_BY_NAME[name]
    country = pycountry.countries.get(alpha_3=iso_a3)
    return country.alpha_2 if country else None


def flat_ring(coords) -> list[int]:
    flat: list[int] = []
    for lon, lat in coords:
        x, y = round(lon * SCALE), round(lat * SCALE)
        if flat and (x, y) == (flat[-2], flat[-1]):
            continue
        flat += [x, y]
    return flat


def encode(data: dict) -> str:
    # one country per line: small diffs when Natural Earth changes a border
    head = {k: v for k, v in data.items() if k != "countries"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "countries": {']
    items = list(data["countries"].items())
    for i, (code, rings) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        lines.append(f"{json.dumps(code)}: {json.dumps(rings, separators=(',', ':'))}{comma}")
    lines.append("}}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path,
                        default=Path(str(resources.files("pyogrio").joinpath(FIXTURE))))
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed file instead of writing it")
    args = parser.parse_args()
    text = encode(outlines(args.source))
    if args.check:
        current = TARGET.read_text("utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is not what {args.source} gives: run this script", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, "utf-8")
    print(f"wrote {TARGET} ({len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
