"""The Log view's parts: the body map and the episode and check-in forms."""
