"""Body map: anatomical front, back and face views that log a twitch where you click."""
