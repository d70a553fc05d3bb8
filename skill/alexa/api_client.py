"""HTTP client for Alexa's service APIs (settings, profile, reminders).

ask-sdk's DefaultApiClient sets no timeout, so a slow Alexa API could eat the whole 8-second
budget of a response. Ours uses one pooled `requests.Session`, a short timeout, and an optional CA
bundle so tests can stand up a local HTTPS stand-in for `apiEndpoint`.
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import requests
from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_model.services import ApiClient, ApiClientResponse

TIMEOUT_SECONDS = 2.5


class TimeoutApiClient(ApiClient):
    """An ask-sdk ApiClient on `requests` with timeouts and HTTPS only."""

    def __init__(self, *, timeout: float = TIMEOUT_SECONDS, ca_bundle: str | None = None):
        self.timeout = timeout
        self.session = requests.Session()
        # Passed on every call: a session-level `verify` loses to REQUESTS_CA_BUNDLE in requests.
        self.verify = ca_bundle or True

    def invoke(self, request):
        """Send one ApiClientRequest and wrap the answer; network failures raise ApiClientException."""
        if urlsplit(request.url).scheme != "https":
            raise ApiClientException("Alexa API calls must use https")
        headers = dict(request.headers or [])
        body = request.body
        # ask-sdk hands over the body as data and leaves the encoding to the client (as its own
        # DefaultApiClient does): JSON when the content type says so.
        if body is not None and not isinstance(body, (str, bytes)):
            content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
            if "json" in content_type:
                body = json.dumps(body)
        try:
            response = self.session.request(
                request.method, request.url, headers=headers, data=body, timeout=self.timeout,
                verify=self.verify,
            )
        except requests.RequestException as exc:
            raise ApiClientException(f"Alexa API unreachable: {type(exc).__name__}") from exc
        return ApiClientResponse(
            headers=list(response.headers.items()), status_code=response.status_code, body=response.text
        )
