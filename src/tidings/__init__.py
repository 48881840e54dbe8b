"""tidings: turn news into sourced, uncertainty-honest event data."""

__version__ = "0.1.0"
