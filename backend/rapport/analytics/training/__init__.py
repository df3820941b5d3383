"""Trainings asked for by administrators ("train now"): queued requests that the `model-train-requests` job runs."""
