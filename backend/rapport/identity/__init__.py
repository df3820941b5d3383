"""Identity: users, teams, roles, sign-in sessions and API tokens."""
