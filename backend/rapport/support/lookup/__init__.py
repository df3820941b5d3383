"""The phone lookup: a service agent identifies a caller by their whole phone number (rate-limited, audited)."""
