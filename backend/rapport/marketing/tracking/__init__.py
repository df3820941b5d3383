"""Tracking: signed links for opens, clicks and unsubscribes, and what they record."""
