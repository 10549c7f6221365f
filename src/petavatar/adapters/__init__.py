"""Adapters: concrete backends for the ports (local files, SQLite; AWS later)."""
