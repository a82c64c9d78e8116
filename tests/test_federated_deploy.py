"""deploy/ for federated jobs: the Kubernetes example (validated with the Kubernetes API's
own schemas by tests/test_deploy.py, like every manifest) runs `veil federate` command
lines that parse, with TLS on both ends; the compose profile wires a server and devices."""

from __future__ import annotations

import shlex
from pathlib import Path

import kubernetes_validate
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
