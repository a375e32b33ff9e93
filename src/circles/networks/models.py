"""Communities of practice: circles across programmes that share a topic, its library items,
its events and (for its leads) aggregate outcomes."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower

from circles.groups.models import Circle
from circles.library.models import LibraryItem
from circles.orgs.models import Organisation, Person


class Network(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    leads = models.ManyToManyField(Person, blank=True, related_name="led_networks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("organisation", Lower("name"), name="network_name_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class NetworkCircle(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="links")
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="network_links")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "circle"], name="network_circle_once")
        ]
        indexes = [models.Index(fields=["circle"])]

    def __str__(self) -> str:
        return f"{self.circle_id} in {self.network_id}"


class NetworkItem(models.Model):
    """A library item the network's leads share with its members."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="shared")
    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="+")
    shared_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-shared_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["network", "item"], name="network_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} in {self.network_id}"


class NetworkEvent(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["network", "starts_at"])]

    def __str__(self) -> str:
        return self.title
