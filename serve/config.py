"""What `tnkg serve` serves and the limits it enforces (no web stack imported here)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RESULTS = 10_000
DEFAULT_WORKERS = 2
DEFAULT_LANES = 8


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """The built graph's folder and the limits of the endpoint over it."""

    out_dir: Path
    timeout: float = DEFAULT_TIMEOUT
    max_results: int = DEFAULT_MAX_RESULTS
    cors_origin: str | None = None
    workers: int = DEFAULT_WORKERS
    lanes: int = DEFAULT_LANES  # workers started beside them while queries run long
