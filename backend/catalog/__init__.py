"""Reference data: policy cycles, priorities, strategic goals, organisations, indicators."""
