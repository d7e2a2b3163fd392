"""The pictures of the graph: interactive network pages (`tnkg viz`).

`views` selects what to draw (whole graph, ego view, filters, the country
summary), `layout` places the nodes (the map for places, the rest around
them), `page` renders the offline HTML page with the vis-network release
bundled in `assets/`. Nothing below this package imports it.
"""
