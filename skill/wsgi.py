"""The WSGI entry point: `app`, built from the environment.

serverless-wsgi's Lambda handler imports this module (`custom.wsgi.app: skill.wsgi.app` in
serverless.yml) once per container; any WSGI server can use it too (`gunicorn skill.wsgi:app`).
Building the app here, at import, is the WSGI convention: the container's first request pays for
it, later ones reuse it. It opens no connection yet: Redis connects on first use.
"""
from __future__ import annotations

import os

from . import create_app

if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
    from .lambda_handler import prepare_environment

    prepare_environment()  # clear errors for missing settings, and no duplicate log lines

app = create_app()
