"""The main window and its comforts: menus, start-up, tray, reminders, theme."""
