"""`closer skill-package`: write the ASK CLI skill package for a deployment.

The endpoint is the `alexa` Lambda's ARN (from `serverless deploy`'s output or `serverless info`)
or the web function's HTTPS `/alexa` URL. Without `--endpoint` it is CLOSER_PUBLIC_URL + "/alexa".
"""
from __future__ import annotations

import os
from pathlib import Path

from .cli_errors import CliError

HINT = (
    "Next: copy {root} into an ASK CLI project and run `ask deploy`, or paste skill.json and the\n"
    "models into the Alexa developer console (docs/deploy.md)."
)


def _endpoint(args) -> str:
    """The endpoint from --endpoint, else from CLOSER_PUBLIC_URL; a CliError when neither is set."""
    if args.endpoint:
        return args.endpoint.strip()
    public = (os.environ.get("CLOSER_PUBLIC_URL") or "").strip().rstrip("/")
    if not public:
        raise CliError(
            "give --endpoint: the alexa function's ARN (arn:aws:lambda:...) or https://HOST/alexa, "
            "or set CLOSER_PUBLIC_URL"
        )
    return f"{public}/alexa"


def skill_package(args, app) -> int:
    """Check the interaction models and manifest, then write `<out>/skill-package/`."""
    from .skill_package import SkillPackageError, write_skill_package

    endpoint = _endpoint(args)
    try:
        written = write_skill_package(Path(args.out), endpoint)
    except SkillPackageError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:  # an unwritable or clashing output folder
        raise CliError(f"cannot write the skill package under {args.out}: {exc.strerror or exc}") from None
    root = Path(args.out) / "skill-package"
    print(f"Wrote {len(written)} files to {root} (endpoint {endpoint}):")
    for path in written:
        print(f"  {path}")
    print(HINT.format(root=root))
    return 0


def register(sub) -> None:
    """Add `skill-package [--endpoint URL] [-o DIR]`."""
    p = sub.add_parser("skill-package", help="write the Alexa skill package (manifest and interaction models)")
    p.add_argument("--endpoint", metavar="URL_OR_ARN",
                   help="the alexa Lambda ARN or an https:// URL ending in /alexa (default: $CLOSER_PUBLIC_URL/alexa)")
    p.add_argument("-o", "--out", default=".", metavar="DIR",
                   help="folder to write skill-package/ into (default: the current folder)")
    p.set_defaults(func=skill_package, needs_app=False)
