"""The HTTP face of the graph (`tnkg serve`): a read-only SPARQL 1.1 Protocol endpoint.

`config` (what is served and its limits), `negotiation` (which format answers a
request), `execution` (one query run against the store, inside a worker process),
`pool` (the worker processes and the time limit) and `app` (the Starlette
application and the server loop). Nothing below this package imports it.
"""
