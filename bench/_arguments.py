"""Command-line checks the benchmark scripts share."""

from __future__ import annotations

import argparse


def positive(text: str) -> int:
    """Parse a count that must be at least 1 (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value
