"""Insight for the municipality: pure rules for aggregated figures (no Flask, no database)."""
