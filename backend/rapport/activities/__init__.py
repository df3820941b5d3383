"""Activities: the follow-up timeline (calls, meetings, visits, emails, notes), tasks and notifications."""
