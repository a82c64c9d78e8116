"""A SuperExec stand-in for tests/test_federated_deploy.py: forks one task through
``superexec._run_task`` whose main thread blocks after installing a Python SIGINT handler (as
Flower's task processes do) and starting Flower's parent watch, prints the task's pid, then
waits to be killed.  Flower's watch raises SIGINT in its own thread, which the blocked main
thread never acts on, so only ``superexec.die_with_parent`` can end the task."""

import os
import signal
import sys
import threading
import time

from veil.trainer.federated import superexec


def entry() -> None:
    from flwr.supercore.app_utils import start_parent_process_monitor

    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    start_parent_process_monitor(os.getppid())
    threading.Event().wait()


if __name__ == "__main__":
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        superexec._run_task(entry, ["flwr-clientapp"], True, parent)
    print(pid, flush=True)
    time.sleep(600)
