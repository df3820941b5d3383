"""Sales: leads and their assignment, the pipeline with approval gates, the public pool, targets and forecast."""
