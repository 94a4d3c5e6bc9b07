"""Developer-only entry points: regenerate bundled data and render pictures.

Nothing here runs for a user: ``twitchtrack`` (``twitchtrack.cli``) never imports
this package. Each module runs with ``python -m twitchtrack.dev.<name>``.
"""
