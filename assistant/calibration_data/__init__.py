"""Labelled examples and fitted calibrations shipped with the package (assistant/answering/calibrate.py)."""
