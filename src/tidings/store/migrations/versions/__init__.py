"""Revision scripts: 0001_initial (store tables), then later revisions chained on it."""
