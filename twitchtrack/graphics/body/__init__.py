"""Body-map shapes and colours shared by the PDF report and the body-map widget.

``geometry`` is the entry point (``BodyGeometry``); ``scene`` holds the shape
records it hands out, ``palette`` the colours. The views come from the JSON spec
files in ``resources/body`` (``spec``, ``curves``, ``cutting``) or, much faster,
from the stored bake (``baked`` reads it, ``bake`` writes it).
"""
