"""Leads: capture, assignment rules, work on them and conversion."""
