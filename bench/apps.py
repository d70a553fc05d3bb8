"""Apps the benchmarks serve: the real Closer app (verification on, Redis state) and a bare baseline."""
from __future__ import annotations

import os

from flask import Flask, jsonify


def bare():
    """A bare Flask app: one JSON POST and one GET, the least any Flask endpoint costs."""
    app = Flask("bare")
    body = {"version": "1.0", "response": {"outputSpeech": {"type": "SSML", "ssml": "<speak>" + "x" * 300 + "</speak>"},
                                          "shouldEndSession": False}}

    @app.post("/alexa")
    def alexa():
        return jsonify(body)

    @app.get("/calendar/<token>.ics")
    def calendar(token):
        return "", 304

    return app


def closer():
    """The real app, with signature checks on against the benchmark's own test CA."""
    from skill import create_app

    app = create_app({"CLOSER_VERIFY_SIGNATURES": os.environ.get("BENCH_VERIFY", "1") == "1",
                      "ALEXA_SKILL_ID": os.environ["BENCH_SKILL_ID"], "CLOSER_LOG_LEVEL": "WARNING"})
    if app.config["CLOSER_VERIFY_SIGNATURES"]:
        # The benchmark signs with its own test CA (written to BENCH_CA_DIR); the chain "fetch" reads
        # it from there, exactly once per worker, as the real one fetches from Amazon once per URL.
        from pathlib import Path

        from cryptography import x509

        from skill.alexa.verification import CertificateCache

        folder = Path(os.environ["BENCH_CA_DIR"])
        root = x509.load_pem_x509_certificate((folder / "root.pem").read_bytes())
        chain = (folder / "chain.pem").read_bytes()
        app.extensions["closer.alexa_certs"] = CertificateCache(fetch=lambda url: chain, trust_roots=[root])
    return app


def ask_sdk_floor():
    """The least an ask-sdk skill behind our endpoint costs: the same signature checks and
    serializer, a skill whose one handler speaks a fixed line (no Redis, no persistence)."""
    from ask_sdk_core.skill_builder import SkillBuilder
    from ask_sdk_model import RequestEnvelope
    from flask import request

    from skill.alexa.serializer import SERIALIZER
    from skill.alexa.verification import VerificationError, verify_request
    from skill.clock import now

    app = closer()  # for its certificate cache and settings; only the route below is used
    builder = SkillBuilder()
    builder.add_request_handler(_fixed_line_handler())
    skill = builder.create()
    certs, skill_id = app.extensions["closer.alexa_certs"], app.config["ALEXA_SKILL_ID"]

    @app.post("/floor")
    def floor():
        try:
            payload = verify_request(headers=request.headers, body=request.get_data(cache=False),
                                     skill_id=skill_id, now=now(), cache=certs)
        except VerificationError:
            return "", 400
        envelope = SERIALIZER.deserialize_parsed(payload, RequestEnvelope)
        return jsonify(SERIALIZER.serialize(skill.invoke(request_envelope=envelope, context=None)))

    return app


def _fixed_line_handler():
    from ask_sdk_core.dispatch_components import AbstractRequestHandler

    class FixedLine(AbstractRequestHandler):
        """Answers every request with one line."""

        def can_handle(self, handler_input):
            return True

        def handle(self, handler_input):
            line = "Tonight's prompt: what made you smile today? Take your time with it."
            return handler_input.response_builder.speak(line).set_should_end_session(False).response

    return FixedLine()
