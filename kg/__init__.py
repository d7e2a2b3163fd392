"""Records -> RDF: IRIs, triples, the build, the store, exports and validation.

`kg/` never reads pages: it takes `ProjectRecord`s (from the extraction
pipeline or the build cache) and turns them into a graph.
"""
