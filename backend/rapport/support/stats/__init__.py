"""Service figures for dashboards, computed in SQL over the tickets the caller may see."""
