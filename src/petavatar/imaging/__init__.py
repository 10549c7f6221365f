"""Image decoding, classification, colour reading and rendering."""
