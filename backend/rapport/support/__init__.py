"""Service desk: tickets, routing, SLAs on business hours, CSAT, knowledge base, portal and live events."""
