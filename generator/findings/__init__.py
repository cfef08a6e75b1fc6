"""Findings: what a check says about a record and where, the verdict of a run, and its output formats."""
