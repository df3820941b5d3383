"""Sending campaigns: the send ledger, the background job and the channels (email, SMS, WeChat)."""
