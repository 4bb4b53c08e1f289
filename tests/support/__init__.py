"""Helpers shared by Tidings' tests."""
