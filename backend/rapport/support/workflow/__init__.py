"""The ticket workflow: opening (routing, SLA), assigning, working, answering, resolving, rating, reopening."""
