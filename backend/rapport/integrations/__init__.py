"""Connecting other systems: outbound webhooks fed by the domain events outbox."""
