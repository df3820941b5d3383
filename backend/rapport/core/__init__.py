"""Shared infrastructure: database, clock, errors, events, jobs and security primitives."""
