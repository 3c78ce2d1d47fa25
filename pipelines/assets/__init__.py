"""Dagster assets; every module here is loaded by definitions.py."""
