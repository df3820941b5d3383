"""Product affinity: association rules mined from order lines (support, confidence, lift), cross-sell suggestions
on a customer, and the customers to target for a product (also a marketing segment condition)."""
