"""Marketing: segments of the customer graph, consent and suppression, campaigns, journeys, tracking and attribution."""
