"""`closer data export|delete COUPLE`: everything stored about a couple, as JSON; or remove it."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .cli_errors import CliError
from .cli_support import group, load_couple
from .services import privacy


def export(args, app) -> int:
    """Write the couple's data as JSON to -o FILE or stdout."""
    load_couple(app, args.couple)
    data = privacy.export_couple(app.extensions["closer.redis"], args.couple)
    text = json.dumps(data, indent=2, default=str, sort_keys=True)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text + "\n")
    return 0


def delete(args, app) -> int:
    """Delete a couple and both partners' records (asks for --yes)."""
    load_couple(app, args.couple)
    if not args.yes:
        raise CliError(f"this deletes couple {args.couple} and everything about it; add --yes to confirm")
    removed = privacy.delete_couple(app.extensions["closer.redis"], args.couple)
    print(f"deleted couple {args.couple} ({removed} keys)")
    return 0


def register(sub) -> None:
    """Add `data export` and `data delete`."""
    data = group(sub, "data", "export or delete a couple's data")
    p = data.add_parser("export", help="everything stored about a couple, as JSON")
    p.add_argument("couple")
    p.add_argument("-o", "--output")
    p.set_defaults(func=export)
    p = data.add_parser("delete", help="delete a couple")
    p.add_argument("couple")
    p.add_argument("--yes", action="store_true")
    p.set_defaults(func=delete)
