"""Text -> ProjectRecord: page parsing, municipalities, organisations, foreign places."""
