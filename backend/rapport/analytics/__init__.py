"""Analytics: predictions computed from the whole customer graph (churn risk, cross-sell, win probability) and the
dashboards users arrange. It reads other domains through their facts modules and services, never their tables."""
