"""Win probability of open opportunities, the forecast with a range, and the lost-deal retrospective."""
