"""Imports of customers with contacts, orders and tickets from CSV and XLSX files."""
