"""svcchain: make service chains checkable."""

__version__ = "0.1.0"
