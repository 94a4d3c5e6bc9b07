"""History view: a table model of episodes, its filter, and the view around them."""
