"""Outbound email, one component for every domain: an outbox written in the caller's transaction, templates per
locale (plain text and HTML), a delivery job that hands messages to SMTP with retries, and the development sink.

Service (transactional) messages and marketing messages share it; they differ by `stream`. Marketing suppression
(unsubscribes, consent) applies to the marketing stream only: a service message about a customer's own ticket is
always sent, and carries no marketing content.
"""
