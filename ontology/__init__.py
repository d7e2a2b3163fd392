"""The OWL ontology (tnkg.ttl) and SHACL shapes (shapes.ttl), read as package data."""
