"""Reference data for both policy cycles and a deterministic demo of the 2026-2027 OAPs."""
