"""Bringing people in from an HR system's export: read, map, check, preview, apply."""
