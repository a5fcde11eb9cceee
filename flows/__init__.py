"""Prefect flows of the reporting cycle: thin tasks over the backend's services."""
