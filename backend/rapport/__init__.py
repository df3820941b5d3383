"""Rapport: an open CRM with one customer graph, field-level security and a real-time service desk."""

__version__ = "0.1.0"
