"""Trends: the page, the view of charts over a shared date range, and the charts."""
