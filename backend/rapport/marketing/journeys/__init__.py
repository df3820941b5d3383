"""Journeys: marketing automation flows (trigger, waits, conditions, actions) run once per step per contact."""
