"""Customers: the customer graph's core — customers, contacts, tags, products, orders, merge and RFM."""
