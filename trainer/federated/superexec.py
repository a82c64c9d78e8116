"""Flower's SuperExec with a forking executor, for the local deployment:
``python -m veil.trainer.federated.superexec ARGS`` takes the same arguments as
``flower-superexec``.

Why: Flower 1.42 runs every task (one ServerApp per run, one ClientApp per message) as a
fresh ``flwr-serverapp`` / ``flwr-clientapp`` process, and each spends ~1.2-2.5 s of CPU
importing Flower (and the app's modules) before it does anything; on a 2-core loopback
federation those imports, not training, are most of a round.  Flower's own
``--isolation process`` mode (SuperLink and SuperNode) leaves starting the SuperExec to
the operator; :func:`start_beside` starts this one there (a fork of the SuperLink or
SuperNode wrapper, sharing its Flower imports).  It is Flower's SuperExec loop
(``run_superexec``: the same Runtime API calls, tokens and task types) with one change:
its executor (Flower's ``Executor`` protocol) launches a task by ``fork()`` of this
already-imported interpreter instead of ``exec`` of the console script, and the child runs
the same console-script entry point (``flwr-clientapp`` / ``flwr-serverapp`` from the
``flwr`` distribution's entry points) with the same arguments Flower's
``SubprocessExecutor`` passes.  So each task is still its own process, talks to the
Runtime API with its own token, and exits after its task (``os._exit``: no interpreter
teardown, which for a process that loaded torch is seconds of CPU); only the imports are
shared.  ``VEIL_SUPEREXEC_PRELOAD`` (comma-separated modules) names what to import before
the first fork.  Task processes are named ``flwr-clientapp`` / ``flwr-serverapp``
(``/proc/PID/comm``) like Flower's.  A forked task asks for its message at once, so its
object pulls retry first after ``PULL_BACKOFF`` instead of Flower's 1 s
(:func:`quick_first_pull`).  If Flower's loop no longer has the ``get_executor`` this
replaces, the tasks run with Flower's own executor (exec'd, only slower).

Invariant: a task process is a child of this process, in its process group (a SuperNode
SIGKILLed as a group takes its ClientApp with it), and ends when this process is gone: it
watches ``--parent-pid`` as Flower's does, and the kernel kills it if that watch cannot act
(``die_with_parent``).  Sites keep the stock
``flower-superexec`` (started by Flower, ``--isolation subprocess``).
"""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
from typing import Any

PRELOAD_ENV = "VEIL_SUPEREXEC_PRELOAD"
# What each side's tasks import anyway: imported once here, before the first fork.
CLIENTAPP_PRELOAD = ("flwr.supernode.cli.flwr_clientapp", "veil.trainer.federated.apps",
                     "veil.trainer.federated.device")
SERVERAPP_PRELOAD = ("flwr.superlink.cli.flwr_serverapp", "flwr.superlink.grid.http_grid", "veil.trainer.federated.apps",
                     "veil.trainer.federated.server", "opacus.accountants.utils", "veil.trainer.model")


def task_entry(command: str) -> Any:
    """The console-script function Flower's SubprocessExecutor would exec (``flwr-clientapp`` ...)."""
    from importlib.metadata import entry_points

    [entry] = [e for e in entry_points(group="console_scripts", name=command) if e.dist is None
               or e.dist.name.lower() == "flwr"] or list(entry_points(group="console_scripts", name=command))[:1]
    return entry.load()


class ForkExecutor:
    """Flower's ``Executor`` protocol (``flwr.supercore.superexec.executor.types``): every task
    type launches at once (no capacity gate, like ``SubprocessExecutor``), as a fork."""

    def __init__(self) -> None:
        self.owner = os.getpid()
        self.children: set[int] = set()

    def get_eligible_capacity(self, supported_task_types: set, *, insecure: bool = False,
                              root_certificates_path: str | None = None) -> tuple[set, set[str]]:
        return supported_task_types, set()

    def wait_for_capacity(self, task_type: Any = None, **_: Any) -> None:
        return None

    def launch(self, spec: Any) -> Any:
        from flwr.supercore.constant import TASK_TYPE_TO_APPIO_API_ADDRESS_ARG, TASK_TYPE_TO_COMMAND
        from flwr.supercore.superexec.executor.types import LaunchResult

        command = TASK_TYPE_TO_COMMAND[spec.task_type]
        # the arguments of Flower's SubprocessExecutor.launch, in its order
        args = [command, TASK_TYPE_TO_APPIO_API_ADDRESS_ARG[spec.task_type], spec.runtime_api_address,
                "--token", spec.token]
        if spec.insecure:
            args.append("--insecure")
        elif spec.root_certificates_path is not None:
            args.extend(["--root-certificates", spec.root_certificates_path])
        if spec.parent_pid is not None:
            args.extend(["--parent-pid", str(spec.parent_pid)])
        if spec.runtime_dependency_install:
            args.append("--allow-runtime-dependency-installation")
        try:
            entry = task_entry(command)
        except Exception as exc:  # noqa: BLE001 - reported to Flower as a failed launch
            return LaunchResult.failed(f"{command}: {type(exc).__name__}: {exc}")
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            _run_task(entry, args, spec.suppress_output, parent)  # never returns
        self.children.add(pid)
        return LaunchResult.accepted()

    def reconcile(self) -> None:
        """Reap the task processes that ended (called once per SuperExec loop)."""
        for pid in list(self.children):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                self.children.discard(pid)

    def close(self) -> None:
        """Nothing to release: each task process watches this one and exits after it."""


def die_with_parent(parent: int, sig: int) -> None:
    """In a forked child: the kernel sends ``sig`` when the thread that forked it ends, as when its
    process dies, even by SIGKILL (``PR_SET_PDEATHSIG``, Linux; every caller forks from its main
    thread); a parent already gone ends the child at once."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, sig)
    if os.getppid() != parent:  # the parent died before prctl: no signal would come
        os._exit(1)


def _run_task(entry: Any, args: list[str], suppress_output: bool, parent: int) -> None:
    """In the forked child: become the task process, run it, exit without teardown.  It dies with
    the SuperExec (SIGKILL): Flower's parent watch asks the task to stop with a SIGINT raised in a
    thread, which a main thread blocked in a call never sees; a CI run once left such a ClientApp
    sleeping, an orphan, after its SuperNode and SuperExec were gone."""
    def task() -> int:
        die_with_parent(parent, signal.SIGKILL)
        from flwr.supercore.exit import exit_handler

        exit_handler.registered_exit_handlers.clear()  # the SuperExec's, not this task's
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD):
            signal.signal(sig, signal.SIG_DFL)
        _set_name(args[0])
        if suppress_output:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
        import random

        random.seed()  # not the parent's state (Flower and Veil draw secrets from os.urandom)
        sys.argv = list(args)
        entry()
        return 0

    exit_forked(task)


def exit_forked(run: Any) -> None:
    """In a forked child: run ``run()`` and ``os._exit`` with its code (a ``SystemExit``'s, or 1
    after printing the error as its own process would), without the parent's teardown."""
    code = 1
    try:
        code = run()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - the child's own error, as its process would print it
        import traceback

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _set_name(name: str) -> None:
    """``/proc/self/comm`` (what ``ps`` and ``top`` show) as Flower's own process would have."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_NAME = 15
        ctypes.CDLL(None).prctl(PR_SET_NAME, name.encode()[:15], 0, 0, 0)


def preload(modules: "list[str] | tuple[str, ...]") -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:  # the task imports it (or fails) as it would without this process
            pass


PULL_BACKOFF = 0.05  # seconds: the first retry wait of a forked task's object pulls (Flower's: 1 s, doubling)


def quick_first_pull() -> None:
    """A forked task's pulls of message objects start with a shorter retry wait.  The
    SuperNode hands out a ClientApp's task before it has finished receiving the message from
    the SuperLink, and a SuperNode's reply is listed before its objects are pushed; Flower
    retries a missing object after 1 s, then 2 s, ... .  A fresh ``flwr-clientapp`` spends
    longer than that importing; a forked task asks at once and would sit out the 1 s (the
    ServerApp too, once per round).  Same retries (Flower's loop), starting at
    ``PULL_BACKOFF``: the ClientApp's pull of its message, the ServerApp's of its replies."""
    import functools

    for module_name, name in (("flwr.supernode.runtime.run_clientapp", "pull_and_inflate_object_from_tree"),
                              ("flwr.superlink.grid.http_grid", "pull_objects")):
        module = sys.modules.get(module_name)
        pull = getattr(module, name, None)
        if pull is not None and not isinstance(pull, functools.partial):
            setattr(module, name, functools.partial(pull, initial_backoff=PULL_BACKOFF))


def start_beside(runtime_api_address: str, preload_modules: tuple[str, ...]) -> int:
    """Start this SuperExec for the Flower process calling it (a SuperLink or SuperNode about
    to run with ``--isolation process``), as Flower's subprocess mode starts its own: a child
    in the caller's process group, watching the caller's pid.  The caller has imported
    Flower and started no thread yet, so the SuperExec is a ``fork()`` of it that shares
    those imports; with a thread running, a fresh interpreter.  Returns the child's pid."""
    import threading

    parent = os.getpid()
    argv = ["flower-superexec", "--insecure", "--runtime-api-address", runtime_api_address,
            "--parent-pid", str(parent)]
    if threading.active_count() > 1:
        env = dict(os.environ, **{PRELOAD_ENV: ",".join(preload_modules)})
        return subprocess.Popen([sys.executable, "-m", "veil.trainer.federated.superexec", *argv[1:]], env=env).pid
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:  # the child: the SuperExec, until its parent is gone
        _set_name("flower-superexec")
        sys.argv = argv
        code = run(preload_modules)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def run(preload_modules: "list[str] | tuple[str, ...]") -> int:
    """Flower's ``flower-superexec`` (arguments in ``sys.argv``) with the forking executor."""
    from flwr.supercore.cli.flower_superexec import flower_superexec
    from flwr.supercore.superexec import run_superexec as loop

    preload(preload_modules)
    quick_first_pull()
    if hasattr(loop, "get_executor"):  # else not the module this was written for: Flower's own executor
        loop.get_executor = lambda *_a, **_k: ForkExecutor()  # type: ignore[assignment]
    sys.argv[0] = "flower-superexec"
    return flower_superexec() or 0


def main() -> int:
    return run([m for m in os.environ.get(PRELOAD_ENV, "").split(",") if m])


if __name__ == "__main__":
    sys.exit(main())
