"""Test-only fakes and builders shared across the suite."""
