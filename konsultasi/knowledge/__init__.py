"""The regulations and guidelines library: entries, their search on both databases, answer
suggestions and reply templates."""
