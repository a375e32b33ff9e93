"""The order the task worker takes work in: what someone waits for on a page goes first, long
recomputations nobody waits for go last.

One worker takes the most urgent job first (`django_tasks_db` orders by priority, then by when
it was queued). Without these, a lead's formation of a large programme could wait minutes behind
dashboard refreshes that each take fifteen seconds.
"""

from __future__ import annotations

# A person watches a progress bar or waits for an email to go on (formation, imports, sign-in
# and invitation emails).
SOMEONE_WAITS = 50
# Reminders, webhooks, rhythms and the worker's heartbeat: on time, nobody watching.
ON_TIME = 0
# Figures recomputed while the stored ones keep being shown.
WHEN_IDLE = -50
