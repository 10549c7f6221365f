"""Model providers: one port for the four AI steps, one adapter per backend."""
