"""Satisfaction surveys: a signed, single-use link per resolution, for rating without signing in."""
