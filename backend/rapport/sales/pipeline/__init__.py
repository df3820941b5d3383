"""The pipeline: stages, opportunities moving through them, and approval gates."""
