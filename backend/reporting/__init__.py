"""Reporting cycles, action reports, country contributions and indicator values."""
