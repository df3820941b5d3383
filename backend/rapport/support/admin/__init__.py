"""The service desk's rules as data, kept by admins: routing rules, SLA policies, calendars, agent profiles."""
