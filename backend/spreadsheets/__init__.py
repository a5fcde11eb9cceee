"""Workbooks in and out: templates, the upload safety checks and the import pipeline."""
