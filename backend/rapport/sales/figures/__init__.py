"""Sales figures: performance, forecast, funnel, and revenue targets."""
