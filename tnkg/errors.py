"""The project's error hierarchy.

Library code raises these; only the CLI prints them, as one line on stderr
with a documented exit code (docs/exit-codes.md).
"""


class TnkgError(Exception):
    """Root of every error tnkg raises on purpose."""


class ExtractError(TnkgError):
    """A page could not be read or parsed into a record."""


class BuildError(TnkgError):
    """The graph could not be built or written."""


class StoreError(TnkgError):
    """The built graph's store is missing or could not be opened."""


class QueryError(TnkgError):
    """A query, its parameters or its results were unusable."""
