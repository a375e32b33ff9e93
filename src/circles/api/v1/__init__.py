"""Version 1 of the REST API: one router module per concept, registered in ``api.py``."""
