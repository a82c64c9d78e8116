"""The local deployment's SuperNodes, forked from one process that imported their code once:
``python -m veil.trainer.federated.nodehost`` (started by :class:`.deployment.Deployment`).

Why: a loopback federation on one machine runs every device's SuperNode, SuperExec and
ClientApps on the same few cores, and each device would import Flower's SuperNode
(~1.3 s of CPU), and on its first message (features not cached yet) torch and transformers
(~3.5 s), on its own.  This process imports them once — Flower's SuperNode and SuperExec,
Veil's ClientApp side, and the modules named in ``VEIL_NODEHOST_PRELOAD`` (the deployment
names torch/transformers when a device will embed, peft for LoRA) — and then, for each
request on its stdin (one JSON line: ``argv``, ``log``), forks a SuperNode: the child
starts a session of its own (as ``start_new_session`` would), gets SIGTERM when this
process dies, writes to its own log, and runs :mod:`.supernode` with ``argv`` exactly as
``python -m veil.trainer.federated.supernode ARGV`` would (Flower's SuperNode, capped
polls, forking SuperExec).  The child's pid goes back on stdout (one JSON line).

Invariant: each SuperNode is still its own process with its own session (a device killed
as a process group takes its SuperExec and ClientApps with it, and nothing else), its own
Runtime API port and its own node config; only memory pages of the imports are shared.
This process reaps the SuperNodes that end and exits when its stdin closes or its parent
(the deployment) dies; the SuperNodes follow it (PR_SET_PDEATHSIG).  Linux only (the
deployment starts SuperNode processes directly elsewhere).
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys

from . import superexec

PRELOAD_ENV = "VEIL_NODEHOST_PRELOAD"
BASE_PRELOAD = ("flwr.supernode.start_client_internal", "flwr.supernode.cli", "flwr.supercore.cli.flower_superexec",
                "veil.trainer.federated.supernode", "veil.trainer.federated.superexec")
# what a device's first (uncached) message imports: the model code, and the data preparation
EMBED_PRELOAD = ("veil.trainer.data", "veil.trainer.model", "datasketch", "transformers.modeling_utils",
                 "transformers.models.auto.modeling_auto", "transformers.masking_utils")
LORA_PRELOAD = ("peft", "veil.trainer.federated.lora")


def _reap(*_: object) -> None:
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _fork_node(request: dict, host: int) -> int:
    pid = os.fork()
    if pid:
        return pid
    def node() -> int:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        superexec.die_with_parent(host, signal.SIGTERM)
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        os.close(null)
        import random

        random.seed()
        from . import supernode

        superexec._set_name("flower-supernode")
        sys.argv = ["flower-supernode", *request["argv"]]
        return supernode.main()

    superexec.exit_forked(node)
    return 0  # not reached: exit_forked ends the child


def main() -> int:
    host = os.getpid()
    extra = [m for m in os.environ.get(PRELOAD_ENV, "").split(",") if m]
    for name in (*BASE_PRELOAD, *superexec.CLIENTAPP_PRELOAD, *extra):
        try:
            importlib.import_module(name)
        except ImportError:  # the SuperNode or its task imports it (or fails) as without this process
            pass
    signal.signal(signal.SIGCHLD, _reap)
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        pid = _fork_node(json.loads(line), host)
        out.write(json.dumps({"pid": pid}) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
