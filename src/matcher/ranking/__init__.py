"""The ranking core: pure Python and NumPy, no Flask and no database."""
