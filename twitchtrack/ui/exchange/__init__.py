"""File menu work: the report, CSV / JSON export and import dialogs, and backups."""
