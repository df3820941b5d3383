"""Exports of lists to CSV and XLSX files: run as the caller, page by page, by a background job."""
