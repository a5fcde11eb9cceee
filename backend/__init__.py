"""EMPACT operational action plans and their reporting cycles: the backend."""
