"""Hostile input campaign (issue 7): nothing crashes, hangs, executes or is lost."""
