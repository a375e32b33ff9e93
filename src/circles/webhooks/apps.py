from __future__ import annotations

from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "circles.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from circles.lib.events import happened

        from .services import events_record

        # Every published event becomes a delivery for each endpoint that subscribed to it.
        happened.connect(events_record, dispatch_uid="webhooks.events_record")
