"""The public customer pool: reclaims, warnings, claims with limits, allocation, and its rules."""
