"""Consent per contact and channel, the global suppression list and the marketing settings."""
