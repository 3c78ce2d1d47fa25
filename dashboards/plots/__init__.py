"""The figures of each page other than the overview, one module per page (shared pieces: charts.py)."""
