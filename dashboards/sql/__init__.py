"""The SQL of each page other than the overview, one module per page, run through ``queries.fetch``."""
