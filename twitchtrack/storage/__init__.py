"""Journal files on disk: atomic saves, backups, migrations, import and export; no Qt."""
