"""Dashboard layouts: each user's arrangement of the home and dashboards pages, and layouts published to a role."""
