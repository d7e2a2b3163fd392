"""tnkg: a knowledge graph of transnational partnerships in Swedish ESF projects."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tnkg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
