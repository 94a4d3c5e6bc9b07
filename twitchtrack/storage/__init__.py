"""Journal files on disk: atomic saves, backups, migrations, import/export; no Qt."""
