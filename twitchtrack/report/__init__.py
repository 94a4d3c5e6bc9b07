"""PDF report for a clinician, drawn with QtGui only."""
