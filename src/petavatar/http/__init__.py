"""The local HTTP service: the FastAPI app, its wiring and a client."""
