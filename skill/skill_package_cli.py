"""`closer skill-package`: write the ASK CLI skill package for a deployment.

The endpoint is the `alexa` Lambda's ARN (from `serverless deploy`'s output or `serverless info`)
or the web function's HTTPS `/alexa` URL. Without `--endpoint` it is CLOSER_PUBLIC_URL + "/alexa".

The privacy policy and terms links are the app's own `/privacy` and `/terms` pages on
`--public-url` (default CLOSER_PUBLIC_URL). Without one the manifest keeps its placeholders, and
the command warns: certification needs real links.
"""
from __future__ import annotations

import os
import sys
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


def _public_url(args) -> str | None:
    """The app's public base URL from --public-url, else CLOSER_PUBLIC_URL; None when neither."""
    given = args.public_url if args.public_url is not None else os.environ.get("CLOSER_PUBLIC_URL")
    return (given or "").strip().rstrip("/") or None


NO_PUBLIC_URL = (
    "warning: no --public-url (or CLOSER_PUBLIC_URL): the manifest keeps placeholder privacy policy and "
    "terms of use links. Certification needs real ones: run again with --public-url https://HOST so they "
    "point at HOST/privacy and HOST/terms."
)


def skill_package(args, app) -> int:
    """Check the interaction models and manifest, then write `<out>/skill-package/`."""
    from .skill_package import SkillPackageError, write_skill_package

    endpoint = _endpoint(args)
    public_url = _public_url(args)
    try:
        written = write_skill_package(Path(args.out), endpoint, public_url=public_url)
    except SkillPackageError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:  # an unwritable or clashing output folder
        raise CliError(f"cannot write the skill package under {args.out}: {exc.strerror or exc}") from None
    root = Path(args.out) / "skill-package"
    print(f"Wrote {len(written)} files to {root} (endpoint {endpoint}):")
    for path in written:
        print(f"  {path}")
    if public_url:
        print(f"Privacy policy: {public_url}/privacy  Terms of use: {public_url}/terms")
    else:
        print(NO_PUBLIC_URL, file=sys.stderr)
    print(HINT.format(root=root))
    return 0


def register(sub) -> None:
    """Add `skill-package [--endpoint URL] [--public-url URL] [-o DIR]`."""
    p = sub.add_parser("skill-package", help="write the Alexa skill package (manifest and interaction models)")
    p.add_argument("--endpoint", metavar="URL_OR_ARN",
                   help="the alexa Lambda ARN or an https:// URL ending in /alexa (default: $CLOSER_PUBLIC_URL/alexa)")
    p.add_argument("--public-url", metavar="URL",
                   help="the app's public https:// base URL: the manifest's privacy policy and terms links "
                        "become URL/privacy and URL/terms (default: $CLOSER_PUBLIC_URL)")
    p.add_argument("-o", "--out", default=".", metavar="DIR",
                   help="folder to write skill-package/ into (default: the current folder)")
    p.set_defaults(func=skill_package, needs_app=False)
