"""Sync-folder tests against real sync tools (Syncthing on loopback)."""
