"""PetAvatar: turn a photo of a pet into a professional human persona."""

__version__ = "0.1.0"
