"""Outbound email as a part of Rapport: delivery and retention jobs, the outbox's encrypted columns, the dev inbox.

The mechanism (outbox, templates, delivery, sink) is `rapport.core.mail`, shared by every domain that writes to
people; this package lists its parts in a manifest and serves the development inbox to administrators.
"""
