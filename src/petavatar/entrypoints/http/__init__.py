"""entrypoints/http"""
