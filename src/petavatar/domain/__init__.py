"""Pure-Python domain: schemas, personality dimensions, catalogs and writing rules. No I/O."""
