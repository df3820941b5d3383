"""What the service desk tells customers by email: acknowledgement, replies, resolution with the survey link."""
