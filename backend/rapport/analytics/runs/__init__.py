"""Training runs of the prediction models: what each run measured on its held-out period, and which run scores."""
