"""Numbered schema revisions, oldest first."""
