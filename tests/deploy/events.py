"""Lambda events as AWS delivers them, and a Lambda context object, for the deploy tests.

Shapes follow the AWS documentation: API Gateway HTTP API payload format 2.0 (lower-case
headers, `rawPath`, `requestContext.http`, stage `$default`, form bodies base64-encoded) and the
EventBridge "Scheduled Event". Alexa envelopes come from `skill.alexa.envelopes`.
"""
from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlencode

API_ID = "a1b2c3d4e5"
HOST = f"{API_ID}.execute-api.us-east-1.amazonaws.com"
ACCOUNT = "123456789012"


@dataclass
class LambdaContext:
    """The attributes of the context object the Python runtime passes to a handler."""

    function_name: str = "closer-dev-alexa"
    memory_limit_in_mb: int = 512
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    deadline_ms: float = 8000

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return int(self.deadline_ms)


def http_api_event(method: str, path: str, *, query: str = "", form: dict | None = None,
                   headers: dict | None = None, body: bytes | None = None) -> dict:
    """An HTTP API (payload 2.0) event for the `$default` route, as the web function gets it."""
    now = datetime.now(timezone.utc)
    all_headers = {
        "accept": "*/*",
        "host": HOST,
        "user-agent": "TwilioProxy/1.1" if form is not None else "curl/8.5.0",
        "x-amzn-trace-id": f"Root=1-{int(now.timestamp()):x}-{uuid.uuid4().hex[:24]}",
        "x-forwarded-for": "203.0.113.7",
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https",
    }
    if form is not None:
        body = urlencode(form).encode()
        all_headers["content-type"] = "application/x-www-form-urlencoded"
    if body is not None:
        all_headers["content-length"] = str(len(body))
    all_headers.update({k.lower(): v for k, v in (headers or {}).items()})
    event = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": all_headers,
        "requestContext": {
            "accountId": ACCOUNT, "apiId": API_ID, "domainName": HOST, "domainPrefix": API_ID,
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "203.0.113.7",
                     "userAgent": all_headers["user-agent"]},
            "requestId": base64.b64encode(uuid.uuid4().bytes[:10]).decode(),
            "routeKey": "$default", "stage": "$default",
            "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"), "timeEpoch": int(now.timestamp() * 1000),
        },
        "isBase64Encoded": False,
    }
    if query:
        event["queryStringParameters"] = dict(p.split("=", 1) for p in query.split("&"))
    if body is not None:
        # HTTP APIs hand non-text bodies (forms included) to Lambda base64-encoded.
        event["body"] = base64.b64encode(body).decode()
        event["isBase64Encoded"] = True
    return event


def scheduled_event(at: datetime) -> dict:
    """The EventBridge event a `schedule: rate(1 minute)` rule sends."""
    return {
        "version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
        "account": ACCOUNT, "time": at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": "us-east-1",
        "resources": [f"arn:aws:events:us-east-1:{ACCOUNT}:rule/closer-dev-DispatchEventsRuleSchedule1-1X2Y3Z"],
        "detail": {},
    }
