"""Routers of the HTTP app, one per concern: jobs API, local storage stand-in, operations."""
