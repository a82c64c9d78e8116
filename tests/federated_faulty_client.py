"""A ClientApp for tests: Veil's own, except for the faults in ``$VEIL_TEST_FAULTS``
(``phone01@1=malformed,phone01@2=oversized,phone02@2=killed``: device@round=fault): that
device answers that round's train message with a malformed or an oversized update, or is
SIGKILLed in the middle of the round — the ClientApp, holding the round's message, kills
its own SuperNode's process group (SuperNode, SuperExec, itself) before any reply.  The real federation test plants it through
``run_local(clientapp="tests.federated_faulty_client:client_app")``; product code has no
such switch."""

from __future__ import annotations

import os
import signal

import numpy as np
from flwr.clientapp import ClientApp

from veil.trainer.federated import apps, wire

client_app = ClientApp()
client_app.query()(apps.register)
client_app.evaluate()(apps.evaluate)


def _faults() -> dict[str, str]:
    pairs = [p.split("=", 1) for p in os.environ.get("VEIL_TEST_FAULTS", "").split(",") if "=" in p]
    return {k: v for k, v in pairs}


@client_app.train()
def train(msg, context):
    fault = _faults().get(f"{context.node_config.get('device-id')}@{msg.metadata.group_id}")
    if fault == "killed":
        os.killpg(os.getpgrp(), signal.SIGKILL)  # the SuperNode started this group (start_new_session)
    if fault == "malformed":  # the wrong arrays: the server's model has no such shape
        return wire.update_reply(msg, {"weight": np.zeros((3, 3), np.float32)})
    if fault == "oversized":  # the right names, far over the byte limit
        params = wire.params_of(msg)
        return wire.update_reply(msg, {"weight": np.zeros((200, 200), np.float64), "bias": params["bias"] * 0})
    return apps.train(msg, context)
