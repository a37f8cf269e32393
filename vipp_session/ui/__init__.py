"""The browser interface (NiceGUI). Only this package imports nicegui."""
