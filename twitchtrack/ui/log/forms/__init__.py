"""Forms of the Log view: the episode details panel and the daily check-in card."""
