"""deploy/ for federated jobs: the Kubernetes example (validated with the Kubernetes API's
own schemas by tests/test_deploy.py, like every manifest) runs `veil federate` command
lines that parse, with TLS on both ends; the compose profile wires a server and devices."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from veil.cli import build_parser

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def docs() -> list[dict]:
    return [d for d in yaml.safe_load_all((DEPLOY / "k8s" / "federated.yaml").read_text()) if d]


def parse(argv: list[str]):
    return build_parser().parse_args(argv)


def test_federated_manifests_are_valid_kubernetes():
    for doc in docs():
        kubernetes_validate.validate(doc, "1.37.0", strict=True)


def test_the_server_job_and_the_sites_run_veil_federate_with_tls():
    by_kind = {d["kind"]: d for d in docs() if d["kind"] in ("Job", "StatefulSet")}
    [server] = by_kind["Job"]["spec"]["template"]["spec"]["containers"]
    args = parse(server["args"])
    assert args.federate_command == "server" and args.ssl_certfile and not args.insecure
    assert args.listen.endswith(":9092") and args.population >= args.devices_per_round
    [device] = by_kind["StatefulSet"]["spec"]["template"]["spec"]["containers"]
    args = parse([a.replace("$(POD_NAME)", "site-0") for a in device["args"]])
    assert args.federate_command == "device" and args.root_certificates and not args.insecure
    assert args.superlink == "veil-superlink:9092"


def test_the_compose_profile_runs_a_server_and_three_devices():
    services = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    fed = {k: v for k, v in services.items() if "federated" in v.get("profiles", [])}
    assert {"federate-server", "federate-device-1", "federate-device-2", "federate-device-3"} <= set(fed)
    script = fed["federate-server"]["command"][0].replace("\\\n", " ").replace("$$", "$")
    lines = [shlex.split(line.split("||")[0])[1:] for line in script.splitlines() if line.strip().startswith("veil ")]
    server = next(parse(a) for a in lines if a[:2] == ["federate", "server"])
    assert server.population == 3
    for name in ("federate-device-1", "federate-device-2", "federate-device-3"):
        args = parse(fed[name]["command"])
        assert args.federate_command == "device" and args.superlink == "federate-server:9092"


@pytest.mark.slow
def test_a_sigkilled_parent_takes_its_superlink_and_supernodes_with_it(tmp_path):
    """`veil federate` SIGKILLed: the SuperLink and SuperNodes it started (own process
    groups) get SIGTERM from the kernel and exit; nothing keeps listening."""
    import json
    import os
    import signal
    import subprocess
    import sys

    script = r"""
import json, sys, time
from pathlib import Path
from veil.trainer.federated.deployment import Deployment
d = Deployment(Path(sys.argv[1]))
d.start_superlink()
d.start_node("phone00", {"data-file": "/nonexistent", "device-id": "phone00"})
print(json.dumps([d.superlink.pid, d.nodes["phone00"].pid]), flush=True)
time.sleep(600)
"""
    parent = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "work")], stdout=subprocess.PIPE,
                              text=True)
    try:
        pids = json.loads(parent.stdout.readline())
    finally:
        parent.kill()
        parent.wait(timeout=10)
    assert _still_running(pids, within=30, kill=lambda p: os.killpg(p, signal.SIGKILL)) == []


def _still_running(pids: list[int], within: float, kill) -> list[str]:
    """Those of ``pids`` still running after waiting up to ``within`` s for them to go, as
    "PID name state ppid PPID: command line" (what a failure needs to say which process stayed); they
    are then killed with ``kill`` (so a failing test leaks nothing)."""
    import time

    deadline = time.monotonic() + within
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if _alive(p)]
        time.sleep(0.2)
    left = [_describe(p) for p in alive]
    for p in alive:
        kill(p)
    return left


def _describe(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as f:
            name, state = f.read().split("(", 1)[1].rsplit(")", 1)
    except OSError:
        return f"{pid} (gone)"
    fields = state.split()
    return f"{pid} {name} {fields[0]} ppid {fields[1]}: {_cmdline(pid).replace(chr(0), ' ')[:200]}"


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for init to reap it counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_forked_task_blocked_in_its_main_thread_dies_with_its_superexec():
    """A forked ClientApp whose main thread is blocked (so Flower's parent watch, a SIGINT raised
    in another thread, never acts) still ends when its SuperExec is SIGKILLed: the kernel kills it
    (``superexec.die_with_parent``).  A CI run once left such a task sleeping, an orphan."""
    import os
    import signal
    import subprocess
    import time

    standin = subprocess.Popen([sys.executable, str(Path(__file__).with_name("federated_blocked_task.py"))],
                               stdout=subprocess.PIPE, text=True)
    task = int(standin.stdout.readline())
    time.sleep(0.5)  # the task is blocked in its main thread by now
    standin.kill()
    standin.wait(timeout=10)
    assert _still_running([task], within=10, kill=lambda p: os.kill(p, signal.SIGKILL)) == []


@pytest.mark.slow
def test_a_sigkilled_veil_federate_leaves_no_flower_process_behind(tmp_path):
    """`veil federate` SIGKILLed in the middle of a run: the SuperLink and SuperNodes die with
    it (PR_SET_PDEATHSIG), and what Flower started below them in sessions of their own (its
    SuperExecs, the ServerApp, the ClientApps of the round) watch their parents and exit too."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.helpers import make_tiny_model
    from tests.test_federated import write_devices
    from veil.trainer.federated.deployment import descendants

    model, devices, home = make_tiny_model(tmp_path / "tiny"), write_devices(tmp_path, 3), tmp_path / "home"
    veil = [sys.executable, "-m", "veil"]
    subprocess.run([*veil, "budget", "--home", str(home), "set", "reviews", "--epsilon", "10", "--delta", "1e-5"],
                   check=True, capture_output=True)
    parent = subprocess.Popen([*veil, "federate", "--devices", str(devices), "--dataset", "reviews", "--text-field",
                               "review.body", "--label-field", "rating", "--positive-if", ">=4", "--epsilon", "3",
                               "--delta", "1e-6", "--rounds", "50", "--devices-per-round", "3", "--model", str(model),
                               "--out", str(tmp_path / "model"), "--home", str(home)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started: set[int] = set()
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and parent.poll() is None:  # until a round is under way
            started |= set(descendants(parent.pid))
            if sum(_is_task(p, "flwr-clientapp") for p in started) >= 3 and any(
                    _is_task(p, "flwr-serverapp") for p in started):
                break
            time.sleep(0.2)
        assert parent.poll() is None, "veil federate ended before its first round"
        started |= set(descendants(parent.pid))
    finally:
        parent.kill()
        parent.wait(timeout=10)
    assert _still_running(sorted(started), within=60, kill=lambda p: os.kill(p, signal.SIGKILL)) == []


def _is_task(pid: int, command: str) -> bool:
    """A Flower task process: exec'd by name (Flower's SuperExec), or forked by the local
    deployment's SuperExec (trainer/federated/superexec.py), which names it in /proc/PID/comm."""
    if command in _cmdline(pid):
        return True
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip() == command[:15]
    except OSError:
        return False


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline") as f:
            return f.read()
    except OSError:
        return ""
