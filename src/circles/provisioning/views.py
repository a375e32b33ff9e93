"""The SCIM 2.0 endpoint: bearer-token authentication, then scim2-server does the protocol."""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from scim2_models import (
    Context,
    PayloadTooLargeException,
    Resource,
    ResponseParameters,
    SCIMException,
    UnauthorizedException,
)
from scim2_server.handler import ScimHandler
from scim2_server.requests import ScimRequest
from scim2_server.responses import ScimResponse
from scim2_server.routing import Operation
from scim2_server.service import ScimService

from circles.audit.context import acting_as, client_ip

from .schema import provider
from .storage import PeopleStorage
from .tokens import scim_token_authenticate, token_actor

log = logging.getLogger(__name__)


class CirclesScimService(ScimService):
    def patch_response(
        self,
        base_url: str,
        resource: Resource[Any],
        response_parameters: ResponseParameters[Any],
    ) -> ScimResponse:
        # RFC 7644 §3.5.2 allows a bare 204, but several identity providers expect the
        # updated user back, as after a PUT.
        return self.resource_response(
            self.publish(base_url, resource),
            Context.RESOURCE_REPLACEMENT_RESPONSE,
            response_parameters,
        )


SERVICE = CirclesScimService(provider())


def _bearer(request: HttpRequest) -> str:
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" else ""


def _serve(request: HttpRequest, path: str) -> ScimResponse:
    try:
        body = request.body
    except RequestDataTooBig:
        raise PayloadTooLargeException(detail="The request body is too large.") from None
    scim_request = ScimRequest(
        method=request.method or "GET",
        base_url=request.build_absolute_uri(reverse("scim_root")).rstrip("/"),
        path="/" + path,
        query={key: request.GET[key] for key in request.GET},
        headers=dict(request.headers),
        body=body,
    )
    target = SERVICE.match(scim_request)
    if target.operation is Operation.service_provider_config:
        # RFC 7643 §5: how to authenticate is readable without authenticating.
        with SERVICE.provider:
            return SERVICE.service_provider_config(scim_request.url, scim_request.query)
    ip = client_ip(request)
    token = scim_token_authenticate(secret=_bearer(request), ip=ip)
    if token is None:
        raise UnauthorizedException(detail="A valid bearer token is required.")
    scim_request.subject = token
    handler = ScimHandler(SERVICE, PeopleStorage(organisation=token.organisation))
    # What the provider changes is recorded in the audit log as done by its token.
    with acting_as(token_actor(token, ip)):
        return handler.handle(scim_request)


@csrf_exempt
def scim(request: HttpRequest, path: str = "") -> HttpResponse:
    """Every SCIM request, under /scim/v2/."""
    # The protocol speaks English to every identity provider, whatever it sends as
    # Accept-Language: the people services' messages become SCIM error details.
    with translation.override("en"):
        try:
            response = _serve(request, path)
        except SCIMException as error:
            response = SERVICE.error_response(error)
        except SuspiciousOperation:
            # A bad Host header or an absurd query string: Django answers 400 itself.
            raise
        except Exception as error:  # a bug: logged in full, answered as SCIM's 500
            log.exception("SCIM request failed")
            response = SERVICE.error_response(error)
    if response.status in (HTTPStatus.NO_CONTENT, HTTPStatus.NOT_MODIFIED):
        http = HttpResponse(status=response.status)
    else:
        http = HttpResponse(
            json.dumps(response.body),
            status=response.status,
            content_type=response.headers.get("Content-Type"),
        )
    for name, value in response.headers.items():
        if name.lower() != "content-type":
            http[name] = value
    # Responses describe people: never cached on the way.
    http["Cache-Control"] = "no-store"
    return http
