"""The OWL ontology (tnkg.ttl) and SHACL shapes (shapes.ttl), read as package data."""

from importlib.resources import files


def ontology_text(name: str) -> str:
    """A file of the installed ontology package (`tnkg.ttl`, `shapes.ttl`)."""
    return files("tnkg.ontology").joinpath(name).read_text("utf-8")
