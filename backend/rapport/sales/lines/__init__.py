"""Products on a deal: the lines of an opportunity, whose total is the deal's amount."""
