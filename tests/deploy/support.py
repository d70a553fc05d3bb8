"""Shared by the deploy tests: paths, the test skill id, the Lambda environment, node tooling."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WSGI_PLUGIN = ROOT / "node_modules" / "serverless-wsgi"
# What the plugin writes to `.serverless-wsgi` for `custom.wsgi.app` (test_package checks the zip).
WSGI_CONFIG = {"app": "skill.wsgi.app"}
SKILL_ID = "amzn1.ask.skill.5e1f0c2a-7d3b-4c8e-9a61-2b4d6f8e0c13"
AUTH_TOKEN = "lambda-test-auth-token-0123456789"
LAMBDA_ENV = {
    "ALEXA_SKILL_ID": SKILL_ID,
    "SECRET_KEY": "lambda-test-secret",
    "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
    "CLOSER_LOG_LEVEL": "INFO",
}
# Settings a developer's shell might carry that would change what the handlers do.
CLEARED = ["CLOSER_PUBLIC_URL", "CLOSER_NOW", "CLOSER_VERIFY_SIGNATURES", "CLOSER_REDIS_CLUSTER",
           "TWILIO_ACCOUNT_SID", "TWILIO_FROM_NUMBER", "TWILIO_MESSAGING_SERVICE_SID", "TWILIO_API_URL",
           "STRIP_STAGE_PATH", "API_GATEWAY_BASE_PATH", "AWS_LAMBDA_FUNCTION_NAME", "REQUESTS_CA_BUNDLE"]


def ensure_node_modules() -> None:
    """Run `npm ci` when the Serverless tooling is missing; fail (never skip) if that fails."""
    needed = [WSGI_PLUGIN / "wsgi_handler.py", ROOT / "node_modules" / ".bin" / "serverless"]
    if all(path.exists() for path in needed):
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is not installed: install Node.js >= 18, then run `npm ci`", pytrace=False)
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    if done.returncode != 0 or not all(path.exists() for path in needed):
        pytest.fail(f"`npm ci` failed ({done.returncode}): {done.stderr[-2000:]}", pytrace=False)
