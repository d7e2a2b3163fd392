"""tnkg in a notebook: a built graph opened by its folder, its queries, network and pictures.

    import tnkg
    g = tnkg.open("tnkg-out")
    g.query("partner-cities-ranked", country="NO").to_pandas()   # pandas: the `pandas` extra
    G = g.network()                                              # networkx
    g.viz(focus="Transnet")                                      # shown in Jupyter

The same functions as the command line (`run_query`, `build_partnership_network`,
`write_picture`). The store is opened read-only for each call, so that a notebook open
while `tnkg build` writes the folder again reads the new graph on its next call.
docs/python.md shows each with its real output.
"""

from __future__ import annotations

import base64
import html
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from tnkg.commands import import_extra
from tnkg.kg.store import open_store
from tnkg.queries.networks import build_partnership_network
from tnkg.queries.runner import QueryResult, StoredQuery, list_queries, load_query, run_query
from tnkg.viz.pictures import Picture, picture_format, write_picture

DEFAULT_PICTURE = "tnkg-view.html"
_IMAGE_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


@dataclass(frozen=True, slots=True)
class Table(QueryResult):
    """A query's result (`columns`, `rows`, `as_dicts()`), as a DataFrame on demand."""

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame, one column per result column."""
        pandas = import_extra("pandas", "pandas")
        return pandas.DataFrame.from_records(list(self.rows), columns=list(self.columns))

    def _repr_html_(self) -> str:  # how Jupyter shows it
        head = "".join(f"<th>{html.escape(column)}</th>" for column in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in row)
            + "</tr>"
            for row in self.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@dataclass(frozen=True, slots=True)
class Drawing(Picture):
    """A picture `viz` wrote (`path`, `view`, `nodes`, `edges`, `notes`), shown inline in
    Jupyter: the page in a frame, a PNG or SVG figure as an image."""

    def _repr_html_(self) -> str:
        fmt = picture_format(self.path, None)
        if fmt == "html":
            page = html.escape(self.path.read_text(encoding="utf-8"), quote=True)
            return f'<iframe srcdoc="{page}" style="width:100%;height:640px;border:0"></iframe>'
        if fmt in _IMAGE_TYPES:
            data = base64.b64encode(self.path.read_bytes()).decode("ascii")
            return f'<img src="data:{_IMAGE_TYPES[fmt]};base64,{data}" style="max-width:100%">'
        return f"<code>{html.escape(str(self.path))}</code>"  # a PDF: its name


class BuiltGraph:
    """The graph `tnkg build` wrote into a folder, for reading (`tnkg.open`)."""

    def __init__(self, out_dir: str | os.PathLike[str] = "tnkg-out") -> None:
        self.out_dir = Path(out_dir)
        self.store()  # a folder without a graph is an error now, not at the first query

    def __repr__(self) -> str:
        return f"tnkg.open({str(self.out_dir)!r})"

    def store(self) -> ox.Store:
        """The graph's pyoxigraph store, opened read-only (for SPARQL of your own)."""
        return open_store(self.out_dir)

    def queries(self) -> list[StoredQuery]:
        """The bundled queries: `name`, `title`, `description`, `params`, `columns`."""
        return list_queries()

    def query(self, query: str, *, lang: str = "en", **params: str) -> Table:
        """A bundled query by name (or a `.rq` file, or the text of a query) run with
        `params` read as `tnkg query --param` reads them; `lang="sv"` names places in
        Swedish."""
        stored = query if "{" in query else load_query(query)
        result = run_query(self.store(), stored, params, lang=lang)
        return Table(result.columns, result.rows, result.query, boolean=result.boolean,
                     triples=result.triples)

    def network(self) -> nx.Graph:
        """The typed partnership network `tnkg analyze` measures (networkx): projects,
        organisations, municipalities and places abroad, with `kind` and `label`."""
        return build_partnership_network(self.store())

    def viz(self, file: str | os.PathLike[str] = DEFAULT_PICTURE, **options: Any) -> Drawing:
        """Write a view as `tnkg viz` does, to `file` (the interactive page, or a figure
        when its name ends in .png, .svg or .pdf); `options` are `write_picture`'s: `view`,
        `focus`, `depth`, `kinds`, `roles`, `size`, `dpi`, or `G` a network of your own."""
        fmt = picture_format(file, options.get("fmt"))
        import_extra("tnkg.viz.page" if fmt == "html" else "tnkg.viz.figure", "viz")
        picture = write_picture(self.out_dir, out_file=file, **options)
        return Drawing(picture.path, picture.view, picture.nodes, picture.edges, picture.notes)
