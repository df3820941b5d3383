"""Churn risk: features as of a date, a time-split training, daily scores with reasons, alerts with hysteresis."""
