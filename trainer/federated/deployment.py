"""Flower's Deployment Runtime on this machine: one SuperLink, one SuperNode per device,
a hand-written Flower App, ``flwr run``, and the wait for the ServerApp's outcome.

Invariant: every process is started here and stopped here (:meth:`Deployment.close`,
also on errors and Ctrl-C; on Linux each also gets SIGTERM when the starting process dies,
even by SIGKILL), each listens on loopback only, on ports chosen free at
start; the SuperLink and SuperNodes run with runtime dependency installation disabled
(no ``uv sync``, nothing fetched: air-gapped sites), so the apps import Veil from this
environment.  The Flower App's ``pyproject.toml`` is written by :func:`write_app`
(``flwr new`` fetches templates from the network); the ``flwr`` CLI reads its SuperLink
connection from a ``config.toml`` in a job-private ``FLWR_HOME``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from veil.core.errors import UnreachableError

from ..config import TrainingError

APP_PYPROJECT = """\
# Written by Veil (trainer/federated/deployment.py), not by `flwr new`: the ServerApp and
# ClientApp are Veil's own and are imported from the installed veil package.
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "veil-federated"
version = "1.0.0"
description = "Veil DP-FedAvg job"
dependencies = []

[tool.flwr.app]
publisher = "veil"

[tool.flwr.app.components]
serverapp = "veil.trainer.federated.apps:server_app"
clientapp = "{clientapp}"

[tool.flwr.app.config]
job = ""
home = ""
"""


def bin_path(name: str) -> str:
    """A console script of this environment (the one Veil runs in)."""
    path = Path(sys.executable).with_name(name)
    if not path.exists():
        raise TrainingError(f"{name} is not installed in this environment (pip install flwr): needed for federation")
    return str(path)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


POLL_INTERVAL = "0.1"  # seconds, see Deployment.env
NODE_POLL = "0.2"  # seconds: the local SuperNodes' idle poll (trainer/federated/supernode.py)
CLIENT_APP = "veil.trainer.federated.apps:client_app"
FORK_ENV = "VEIL_FORK_SUPEREXEC"  # read by the wrappers (.supernode, .superlink)


def write_app(workdir: Path, clientapp: str = CLIENT_APP) -> Path:
    """The Flower App: ``pyproject.toml`` only (the apps are imported from the installed Veil).
    ``clientapp``: another ClientApp object reference (tests plant faulty devices this way)."""
    app = workdir / "app"
    app.mkdir(parents=True, exist_ok=True)
    (app / "pyproject.toml").write_text(APP_PYPROJECT.replace("{clientapp}", clientapp))
    (app / "README.md").write_text("Veil federated job (see trainer/federated/).\n")
    return app


@dataclass(frozen=True)
class TLS:
    """The SuperLink's certificate files (real sites); None everywhere means loopback, insecure."""

    certfile: Path
    keyfile: Path
    ca_certfile: Path

    def superlink_args(self) -> list[str]:
        return ["--ssl-certfile", str(self.certfile), "--ssl-keyfile", str(self.keyfile),
                "--ssl-ca-certfile", str(self.ca_certfile)]


def write_flwr_home(workdir: Path, address: str, tls: TLS | None = None) -> Path:
    """A job-private FLWR_HOME whose config.toml names this SuperLink (``flwr run`` reads it)."""
    home = workdir / "flwr-home"
    home.mkdir(parents=True, exist_ok=True)
    security = f'root-certificates = {json.dumps(str(tls.ca_certfile))}' if tls else "insecure = true"
    (home / "config.toml").write_text(
        f'[superlink]\ndefault = "veil"\n\n[superlink.veil]\naddress = "{address}"\n{security}\n')
    return home


def node_config(values: dict[str, str]) -> str:
    return " ".join(f"{k}={json.dumps(str(v))}" for k, v in values.items())


def supernode_argv(superlink: str, config: dict[str, str], port: int, root_certificates: Path | None = None,
                   host: str = "127.0.0.1", fast_poll: bool = False) -> list[str]:
    """One SuperNode: connects out to the SuperLink; its own API (for its ClientApps) on loopback.
    ``fast_poll``: Flower's SuperNode with shorter idle sleeps (:mod:`.supernode`; loopback)."""
    security = ["--root-certificates", str(root_certificates)] if root_certificates else ["--insecure"]
    program = [sys.executable, "-m", "veil.trainer.federated.supernode"] if fast_poll else [bin_path("flower-supernode")]
    return [*program, *security, "--superlink", superlink, "--host", host, "--port", str(port),
            "--node-config", node_config(config)]


class ForkedNode:
    """A SuperNode forked by the node host (:mod:`.nodehost`): the part of ``Popen`` the
    deployment uses (``pid``, ``poll``, ``wait``), read from /proc (it is not our child)."""

    def __init__(self, host: "NodeHost", index: int) -> None:
        self.host, self.index = host, index
        self.returncode: int | None = None

    @property
    def pid(self) -> int:
        return self.host.pid_of(self.index)

    def poll(self) -> int | None:
        if self.returncode is None and not _running(self.pid):
            self.returncode = -1  # its exit status went to the node host
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(f"supernode {self.pid}", timeout or 0)
            time.sleep(0.05)
        return self.returncode  # type: ignore[return-value]


@dataclass
class NodeHost:
    """The process the local SuperNodes are forked from (:mod:`.nodehost`); requests go to
    its stdin, pids come back on its stdout, in order."""

    proc: subprocess.Popen
    pids: list[int] = field(default_factory=list)
    sent: int = 0

    def request(self, argv: list[str], log: Path) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"argv": argv, "log": str(log)}) + "\n")
        self.proc.stdin.flush()
        self.sent += 1
        return self.sent - 1

    def pid_of(self, index: int) -> int:
        assert self.proc.stdout is not None
        while len(self.pids) <= index:
            line = self.proc.stdout.readline()
            if not line:
                raise UnreachableError(f"the SuperNode host exited (exit {self.proc.wait()}) before starting "
                                       f"every SuperNode; see its log")
            self.pids.append(int(json.loads(line)["pid"]))
        return self.pids[index]


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@dataclass
class Deployment:
    """The processes of one local federation (SuperLink + SuperNodes), in ``workdir``."""

    workdir: Path
    superlink_port: int = 0
    superlink: subprocess.Popen | None = None
    nodes: dict[str, "subprocess.Popen | ForkedNode"] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    flwr_home: Path | None = None
    node_host: NodeHost | None = None

    def env(self) -> dict[str, str]:
        # FLWR_SUPEREXEC_TASK_POLL_INTERVAL: Flower's SuperExec (which starts one ClientApp or
        # ServerApp process per task) polls every 1 s by default; a round has several tasks per node.
        env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", FLWR_TELEMETRY_ENABLED="0",
                   PYTHONUNBUFFERED="1", FLWR_SUPEREXEC_TASK_POLL_INTERVAL=POLL_INTERVAL,
                   VEIL_SUPERNODE_POLL=NODE_POLL)
        # Flower starts flower-superexec and flwr-clientapp by name: this environment's first
        bin_dir = str(Path(sys.executable).parent)
        env["PATH"] = os.pathsep.join([bin_dir, *(p for p in env.get("PATH", "").split(os.pathsep) if p != bin_dir)])
        if self.flwr_home is not None:
            env["FLWR_HOME"] = str(self.flwr_home)
        return env

    def _start(self, name: str, argv: list[str], fork: bool = False) -> subprocess.Popen:
        """``fork``: the Veil wrapper in ``argv`` runs Flower in ``--isolation process`` mode
        with the forking SuperExec (:mod:`.superexec`) beside it."""
        log = open(self.workdir / f"{name}.log", "ab")
        env = self.env() | ({FORK_ENV: "1"} if fork else {})
        try:
            return subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=self.workdir,
                                    start_new_session=True, preexec_fn=partial(_die_with_parent, os.getpid()))
        finally:
            log.close()

    def start_superlink(self, host: str = "127.0.0.1", port: int | None = None, tls: TLS | None = None,
                        fork: bool = False) -> str:
        """The SuperLink (Fleet, Control and ServerApp APIs on one HTTP port); its database
        is a file in the work directory, so a restarted SuperLink keeps its runs.  ``fork``
        (the local deployment): its ServerApp is forked from a SuperExec that imported
        Flower and Veil's server side while the SuperNodes started (:mod:`.superlink`)."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.superlink_port = port or free_port()
        security = tls.superlink_args() if tls else ["--insecure"]
        program = [sys.executable, "-m", "veil.trainer.federated.superlink"] if fork and not tls else \
            [bin_path("flower-superlink")]
        self.superlink = self._start("superlink", [
            *program, *security, "--host", host, "--port", str(self.superlink_port),
            "--disable-runtime-dependency-installation", "--database", str(self.workdir / "superlink.db")],
            fork=fork and not tls)
        local = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        address = f"{local}:{self.superlink_port}"
        self.flwr_home = write_flwr_home(self.workdir, address, tls)
        wait_port(self.superlink_port, self.superlink, "SuperLink", self.workdir / "superlink.log", host=local)
        return address

    def start_node_host(self, preload: tuple[str, ...] = ()) -> None:
        """The process the SuperNodes are then forked from (:mod:`.nodehost`; Linux): it imports
        Flower's SuperNode, the ClientApp side and ``preload`` once, while the SuperLink starts."""
        if not sys.platform.startswith("linux") or self.node_host is not None:
            return
        self.workdir.mkdir(parents=True, exist_ok=True)
        log = open(self.workdir / "nodehost.log", "ab")
        env = self.env() | {FORK_ENV: "1", "VEIL_NODEHOST_PRELOAD": ",".join(preload)}
        try:
            proc = subprocess.Popen([sys.executable, "-m", "veil.trainer.federated.nodehost"], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=log, env=env, cwd=self.workdir, text=True,
                                    start_new_session=True, preexec_fn=partial(_die_with_parent, os.getpid()))
        finally:
            log.close()
        self.node_host = NodeHost(proc)

    def start_node(self, name: str, config: dict[str, str]) -> "subprocess.Popen | ForkedNode":
        """One SuperNode for one device; its ClientApps are forked from a SuperExec beside it that
        imported Flower and the device code once (:mod:`.supernode`, :mod:`.superexec`).  With a
        node host (:meth:`start_node_host`) the SuperNode itself is forked from it."""
        argv = supernode_argv(f"127.0.0.1:{self.superlink_port}", config, free_port(), fast_poll=True)
        if self.node_host is not None:
            proc: "subprocess.Popen | ForkedNode" = ForkedNode(
                self.node_host, self.node_host.request(argv[3:], self.workdir / f"supernode-{name}.log"))
        else:
            proc = self._start(f"supernode-{name}", argv, fork=True)
        self.nodes[name] = proc
        return proc

    def remove_dead_nodes(self) -> list[str]:
        """Unregister from the SuperLink each SuperNode whose process has died (a killed
        device), so the ServerApp gets Flower's "node unavailable" reply for it at once
        instead of after Flower's heartbeat patience (2 x 30 s).  Returns the names removed."""
        removed = []
        for name, proc in self.nodes.items():
            if proc.poll() is None or name in self.removed:
                continue
            self.removed.add(name)
            node_id = logged_node_id(self.workdir / f"supernode-{name}.log")
            if node_id is None:
                continue  # it died before registering: nothing was ever sent to it
            try:  # best effort: without it the round still ends, at Flower's heartbeat patience
                subprocess.run([bin_path("flwr"), "supernode", "unregister", str(node_id), "veil"], env=self.env(),
                               cwd=self.workdir, capture_output=True, timeout=20)
            except subprocess.TimeoutExpired:
                continue
            removed.append(name)
        return removed

    def submit(self, app: Path, job_file: Path, home: Path) -> None:
        """``flwr run`` the app on the SuperLink with the job's run config."""
        run_config = f"job={json.dumps(str(job_file))} home={json.dumps(str(home))}"
        done = subprocess.run([bin_path("flwr"), "run", str(app), "veil", "--run-config", run_config],
                              env=self.env(), cwd=self.workdir, capture_output=True, text=True, timeout=300)
        (self.workdir / "flwr-run.log").write_text(done.stdout + done.stderr)
        if done.returncode != 0:
            raise UnreachableError(f"flwr run failed (exit {done.returncode}); see {self.workdir / 'flwr-run.log'}")

    def close(self) -> None:
        """SIGTERM every process group at once (each takes a second or two to stop), then wait;
        then SIGKILL what Flower started in sessions of its own (the SuperExecs, a ServerApp)
        and is still running: nothing this deployment started outlives it."""
        host = self.node_host.proc if self.node_host is not None else None
        if host is not None and host.stdin is not None:
            try:  # every SuperNode asked for is started (its pid known) before anything is stopped
                for proc in self.nodes.values():
                    proc.pid
            except UnreachableError:
                pass
            host.stdin.close()  # the host exits; its SuperNodes get SIGTERM below, as the others
        procs = [p for p in [*self.nodes.values(), self.superlink] if p is not None and p.poll() is None]
        started = [d for p in procs for d in descendants(p.pid)]
        for proc in procs:
            _signal(proc, signal.SIGTERM)
        for proc in procs:
            _stop(proc)
        for pid in started:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if host is not None:
            try:
                host.wait(timeout=10)
            except subprocess.TimeoutExpired:
                host.kill()
                host.wait(timeout=10)


def descendants(pid: int) -> list[int]:
    """The processes below ``pid`` (children, theirs, ...), from /proc; [] where there is none."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields_ = entry.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields_[1]), []).append(int(entry.parent.name))
    out, todo = [], list(children.get(pid, []))
    while todo:
        child = todo.pop()
        out.append(child)
        todo.extend(children.get(child, []))
    return out


def logged_node_id(log: Path) -> int | None:
    """The node id a SuperNode logged when it registered ("SuperNode ID: N")."""
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return None
    found = re.findall(r"SuperNode ID: (\d+)", text)
    return int(found[-1]) if found else None


def _signal(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _die_with_parent(parent: int) -> None:
    """In the child, before exec: SIGTERM it when the process that started it dies, even by
    SIGKILL (the children are in their own process groups, so nothing else would reach them;
    their own children, Flower's SuperExec and apps, watch their parent's pid)."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before prctl: no signal would come
            os.kill(os.getpid(), signal.SIGTERM)


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM the process group (a SuperLink's ServerApp, a SuperNode's ClientApps), then SIGKILL."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, PermissionError):
        proc.poll()  # the group is gone: reap the leader if it is a zombie
        return
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


def wait_port(port: int, proc: subprocess.Popen, what: str, log: Path, timeout: float = 60.0,
              host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise UnreachableError(f"{what} exited at start (exit {proc.returncode}); see {log}")
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex((host, port)) == 0:
                return
        time.sleep(0.2)
    raise UnreachableError(f"{what} did not listen on {host}:{port} within {timeout:g}s; see {log}")


def wait_result(result: Path, deployment: Deployment, timeout: float) -> dict:
    """The ServerApp's outcome (``result.json``), or an error if the SuperLink died or time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result.is_file():
            return json.loads(result.read_text())
        deployment.remove_dead_nodes()
        if deployment.superlink is not None and deployment.superlink.poll() is not None:
            raise UnreachableError(f"the SuperLink exited (exit {deployment.superlink.returncode}) before the job "
                                   f"finished; see {deployment.workdir / 'superlink.log'}")
        time.sleep(0.1)  # a killed device is unregistered within this (its round waits for it)
    raise UnreachableError(f"the federated job did not finish within {timeout:g}s; see {deployment.workdir}")


def clean(workdir: Path) -> None:
    shutil.rmtree(workdir, ignore_errors=True)
