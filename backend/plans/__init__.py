"""Operational action plans, their operational actions and who takes part in each."""
