"""Postcodes and distance: the ground floor the directory, its API, its feed import and search all
stand on. It imports nothing from the apps above it (tests/test_boundaries.py checks)."""
