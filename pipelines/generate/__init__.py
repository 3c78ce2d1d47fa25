"""Synthetic landing data for the customer insight warehouse: seeded, scalable, realistically messy."""

from pipelines.generate.core import generate

__all__ = ["generate"]
