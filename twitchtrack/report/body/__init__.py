"""Body-map shapes and colours shared by the PDF report and the body-map widget."""
