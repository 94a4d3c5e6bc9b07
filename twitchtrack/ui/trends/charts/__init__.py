"""pyqtgraph views that plot analysis results (imported only when Trends is built)."""
