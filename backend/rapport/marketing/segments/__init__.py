"""Segments: rules over the customer graph compiled to one SQL statement, and frozen snapshots of their members."""
