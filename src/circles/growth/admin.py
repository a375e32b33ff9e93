"""Commitments hold confidential text, so they are not in the admin: admins see aggregates."""
