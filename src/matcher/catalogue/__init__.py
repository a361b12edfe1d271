"""The catalogue format: reading, validating and writing activities (no database here)."""
