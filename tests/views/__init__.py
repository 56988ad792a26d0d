"""Fixtures and helpers of the view tests (tests/test_views_*.py)."""
