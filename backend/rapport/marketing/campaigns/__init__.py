"""Campaigns: audience, content per channel and locale, schedule, approval, costs and progress."""
