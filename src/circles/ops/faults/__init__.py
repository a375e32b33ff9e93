"""The fault battery: the production server under concurrent writers, killed and restarted,
and cut off from its database; every acknowledged write must survive, every due reminder must
be sent, and the answers must stay clear (no 500). Run it with ``./dev faults``."""
