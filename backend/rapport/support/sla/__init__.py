"""SLA targets on business time: policies, calendars, the ticket's clock and the warning/escalation job."""
