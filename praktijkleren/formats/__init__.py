"""Date formats of the Dutch interface (FORMAT_MODULE_PATH): see docs/dates.md."""
