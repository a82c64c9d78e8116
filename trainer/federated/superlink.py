"""``flower-superlink`` with the forking SuperExec of :mod:`.superexec` (the local
deployment): ``python -m veil.trainer.federated.superlink ARGS`` takes the same arguments
as ``flower-superlink``.

Why: the ServerApp of a run is a fresh ``flwr-serverapp`` process that imports Flower,
Veil's server side, the accountant and torch before it sends its first message (~4-6 s of
CPU on the critical path of a loopback federation).  With ``VEIL_FORK_SUPEREXEC=1`` the
SuperLink runs in Flower's ``--isolation process`` mode and this process first starts the
forking SuperExec (those imports done while the SuperNodes start) in its own process
group, as Flower's subprocess mode starts ``flower-superexec``.  Sites (``veil federate
server``) keep the stock ``flower-superlink``.

Invariant: without the variable, without ``--host``/``--port``, or with TLS on the
SuperLink, this is ``flower-superlink`` unchanged.
"""

from __future__ import annotations

import sys

from .supernode import isolate_beside


def main() -> int:
    from flwr.superlink.cli import flower_superlink

    isolate_beside("SERVERAPP_PRELOAD")
    sys.argv[0] = "flower-superlink"
    return flower_superlink() or 0


if __name__ == "__main__":
    sys.exit(main())
