"""Research questions over the built graph: stored SPARQL queries and networkx analysis.

`runner` finds, reads and runs the bundled `*.rq` queries; `networks` builds
networkx graphs from the store; `analysis` holds one function per measure.
"""
