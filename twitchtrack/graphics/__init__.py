"""Drawing shared by the window and the PDF report: QtGui only, never QtWidgets."""
