"""deploy/: the Kubernetes manifests against the Kubernetes API's own schemas (offline,
``kubernetes-validate``, strict: unknown fields fail), the KEDA ScaledObject against a
schema kept here, and every ``veil`` command line in the manifests and the compose file
against Veil's real argument parser.  (No container engine runs here, so the image and
the compose stack are not started; their structure is checked instead.)"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml

from veil.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
K8S_VERSION = "1.37.0"
PARTITIONS = 4  # per topic, as deploy/compose.yaml creates them and deploy/README.md asks

# The part of KEDA's ScaledObject (keda.sh/v1alpha1) these manifests use, closed to unknown
# fields so a typo fails; kafka trigger metadata as KEDA's kafka scaler documents it.
_INT = {"type": "integer", "minimum": 0}
KAFKA_METADATA = {
    "type": "object",
    "required": ["bootstrapServers", "consumerGroup", "topic", "lagThreshold"],
    "properties": {
        "bootstrapServers": {"type": "string", "minLength": 1},
        "consumerGroup": {"type": "string", "minLength": 1},
        "topic": {"type": "string", "minLength": 1},
        "lagThreshold": {"type": "string", "pattern": r"^[0-9]+$"},
        "activationLagThreshold": {"type": "string", "pattern": r"^[0-9]+$"},
        "offsetResetPolicy": {"enum": ["earliest", "latest"]},
        "allowIdleConsumers": {"enum": ["true", "false"]},
        "excludePersistentLag": {"enum": ["true", "false"]},
        "limitToPartitionsWithLag": {"enum": ["true", "false"]},
        "scaleToZeroOnInvalidOffset": {"enum": ["true", "false"]},
        "version": {"type": "string"},
    },
    "additionalProperties": False,
}
SCALED_OBJECT_SCHEMA = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "properties": {
        "apiVersion": {"const": "keda.sh/v1alpha1"},
        "kind": {"const": "ScaledObject"},
        "metadata": {"type": "object", "required": ["name"]},
        "spec": {
            "type": "object",
            "required": ["scaleTargetRef", "triggers"],
            "additionalProperties": False,
            "properties": {
                "scaleTargetRef": {
                    "type": "object", "required": ["name"], "additionalProperties": False,
                    "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"},
                                   "name": {"type": "string"}, "envSourceContainerName": {"type": "string"}},
                },
                "minReplicaCount": _INT, "maxReplicaCount": _INT, "idleReplicaCount": _INT,
                "pollingInterval": _INT, "cooldownPeriod": _INT,
                "fallback": {"type": "object", "required": ["failureThreshold", "replicas"]},
                "advanced": {
                    "type": "object", "additionalProperties": False,
                    "properties": {
                        "restoreToOriginalReplicaCount": {"type": "boolean"},
                        "horizontalPodAutoscalerConfig": {
                            "type": "object", "additionalProperties": False,
                            "properties": {"name": {"type": "string"}, "behavior": {"type": "object"}},
                        },
                    },
                },
                "triggers": {
                    "type": "array", "minItems": 1,
                    "items": {
                        "type": "object", "required": ["type", "metadata"], "additionalProperties": False,
                        "properties": {
                            "type": {"type": "string"}, "name": {"type": "string"},
                            "metricType": {"enum": ["AverageValue", "Value", "Utilization"]},
                            "authenticationRef": {"type": "object", "required": ["name"]},
                            "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                        },
                        "if": {"properties": {"type": {"const": "kafka"}}},
                        "then": {"properties": {"metadata": KAFKA_METADATA}},
                    },
                },
            },
        },
    },
}


def manifests() -> list[dict]:
    docs = []
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        docs += [d for d in yaml.safe_load_all(path.read_text()) if d]
    return docs


def by_kind(kind: str) -> list[dict]:
    return [d for d in manifests() if d["kind"] == kind]


def pod_specs() -> list[tuple[str, dict]]:
    out = [(d["metadata"]["name"], d["spec"]["template"]["spec"]) for d in by_kind("Deployment")]
    out += [(d["metadata"]["name"], d["spec"]["jobTemplate"]["spec"]["template"]["spec"]) for d in by_kind("CronJob")]
    return out


def container_env(container: dict) -> dict[str, str]:
    """What the container's environment holds (ConfigMap values; Secret keys as placeholders)."""
    env: dict[str, str] = {}
    config = {d["metadata"]["name"]: d["data"] for d in by_kind("ConfigMap")}
    secrets = {d["metadata"]["name"]: d["stringData"] for d in by_kind("Secret")}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(config[source["configMapRef"]["name"]])
        if "secretRef" in source:
            env.update(secrets[source["secretRef"]["name"]])
    for item in container.get("env", []):
        env[item["name"]] = item.get("value", "")
    return env


def veil_argv(container: dict) -> list[list[str]]:
    """The ``veil`` command lines a container runs, with $(VAR)/$VAR expanded from its env."""
    env = container_env(container)
    expand = lambda s: re.sub(r"\$\((\w+)\)|\$\{?(\w+)\}?", lambda m: env.get(m[1] or m[2], "x"), s)  # noqa: E731
    if container.get("command", [None])[0] in ("/bin/sh", "sh"):
        return shell_veil_lines(container["args"][0], expand)
    return [[expand(a) for a in container["args"]]]


def shell_veil_lines(script: str, expand) -> list[list[str]]:
    joined = script.replace("\\\n", " ")
    lines = []
    for line in joined.splitlines():
        for part in re.split(r"&&|\|\||;|\|", line):
            words = shlex.split(expand(part).strip())
            if words and words[0] == "veil":
                lines.append(words[1:])
    return lines


def parses(argv: list[str]) -> None:
    try:
        build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on an unknown or missing option
        raise AssertionError(f"veil {' '.join(argv)} does not parse") from exc


# -- Kubernetes ---------------------------------------------------------------------------
@pytest.mark.slow  # kubernetes-validate schemas / every command line parsed
@pytest.mark.parametrize("doc", manifests(), ids=lambda d: f"{d['kind']}-{d['metadata']['name']}")
def test_manifest_is_valid(doc):
    if doc["apiVersion"].startswith("keda.sh/"):
        jsonschema.validate(doc, SCALED_OBJECT_SCHEMA)
    else:
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def test_schema_checks_catch_mistakes():
    deployment = by_kind("Deployment")[0]
    broken = {**deployment, "spec": {**deployment["spec"], "replicaz": 2}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, K8S_VERSION, strict=True)
    scaled = by_kind("ScaledObject")[0]
    trigger = {**scaled["spec"]["triggers"][0], "metadata": {"bootstrapServers": "k:9092", "topic": "t"}}
    with pytest.raises(jsonschema.ValidationError):  # no consumerGroup, no lagThreshold
        jsonschema.validate({**scaled, "spec": {**scaled["spec"], "triggers": [trigger]}}, SCALED_OBJECT_SCHEMA)


def deployment_named(name: str) -> dict:
    [found] = [d for d in by_kind("Deployment") if d["metadata"]["name"] == name]
    return found


def test_ingest_deployment_probes_grace_and_keys():
    deployment = deployment_named("veil-ingest")
    spec = deployment["spec"]["template"]["spec"]
    [container] = spec["containers"]
    args = container["args"]
    port = int(args[args.index("--metrics-port") + 1])
    assert {p["containerPort"] for p in container["ports"]} == {port}
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        assert container[probe]["httpGet"]["path"] == "/metrics"
    flush_seconds = float(args[args.index("--flush-seconds") + 1])
    assert spec["terminationGracePeriodSeconds"] >= 3 * flush_seconds
    assert spec["securityContext"]["runAsNonRoot"] and spec["securityContext"]["runAsUser"] != 0
    env = container_env(container)
    for name in ("VEIL_PSEUDONYM_KEY", "VEIL_DEADLETTER_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                 "VEIL_LEDGER_URL", "VEIL_S3_ENDPOINT"):
        assert name in env, name
    assert env["VEIL_STORE"].startswith("s3://") and env["VEIL_LEDGER_URL"].startswith("postgresql://")
    assert "replicas" not in deployment["spec"]  # KEDA owns the replica count


def test_keys_come_from_secrets_not_from_config():
    configs = {k for d in by_kind("ConfigMap") for k in d["data"]}
    assert not configs & {"VEIL_PSEUDONYM_KEY", "VEIL_DEADLETTER_KEY", "AWS_SECRET_ACCESS_KEY", "VEIL_LEDGER_URL"}


def test_references_resolve():
    names = {(d["kind"], d["metadata"]["name"]) for d in manifests()}
    for name, spec in pod_specs():
        for c in spec["containers"]:
            for source in c.get("envFrom", []):
                kind, ref = ("ConfigMap", source["configMapRef"]) if "configMapRef" in source else ("Secret", source["secretRef"])
                assert (kind, ref["name"]) in names, (name, ref)
        for volume in spec.get("volumes", []):
            if "persistentVolumeClaim" in volume:
                assert ("PersistentVolumeClaim", volume["persistentVolumeClaim"]["claimName"]) in names
        mounted = {v["name"] for v in spec.get("volumes", [])}
        assert all(m["name"] in mounted for c in spec["containers"] for m in c.get("volumeMounts", []))


def test_keda_scales_the_ingest_group_on_its_topics():
    [scaled] = by_kind("ScaledObject")
    deployment = deployment_named("veil-ingest")
    assert scaled["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    args = deployment["spec"]["template"]["spec"]["containers"][0]["args"]
    group = args[args.index("--group") + 1]
    topics = {args[i + 1] for i, a in enumerate(args) if a == "--topic"}
    kafka = [t["metadata"] for t in scaled["spec"]["triggers"] if t["type"] == "kafka"]
    assert {t["consumerGroup"] for t in kafka} == {group}
    assert {t["topic"] for t in kafka} == topics
    assert 1 <= scaled["spec"]["minReplicaCount"] <= scaled["spec"]["maxReplicaCount"] <= PARTITIONS


@pytest.mark.slow  # kubernetes-validate schemas / every command line parsed
def test_every_veil_command_in_the_manifests_parses():
    seen = []
    for _name, spec in pod_specs():
        for container in spec["containers"]:
            for argv in veil_argv(container):
                parses(argv)
                seen.append(argv[0])
    assert {"ingest", "train", "audit", "store", "serve"} <= set(seen)


def test_serve_deployment_and_service():
    spec = deployment_named("veil-serve")["spec"]["template"]["spec"]
    [container] = spec["containers"]
    args = container["args"]
    port = int(args[args.index("--port") + 1])
    assert args[args.index("--host") + 1] == "0.0.0.0"
    assert {p["containerPort"] for p in container["ports"]} == {port}
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        assert container[probe]["httpGet"]["path"] == "/healthz"
    assert all(m.get("readOnly") for m in container["volumeMounts"] if m["name"] == "models")
    model = args[args.index("--model") + 1]
    train = [a for d in by_kind("CronJob") for c in d["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
             for a in c.get("args", [])]
    assert any(f"--out {model} --overwrite" in a for a in train)  # the nightly job publishes what is served
    [service] = [s for s in by_kind("Service") if s["metadata"]["name"] == "veil-serve"]
    assert service["spec"]["selector"] == deployment_named("veil-serve")["spec"]["selector"]["matchLabels"]
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= {p["name"] for p in container["ports"]}


# -- compose and image --------------------------------------------------------------------
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_compose_stack():
    services = compose()["services"]
    kafka = services["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    assert kafka["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"  # KRaft, no ZooKeeper
    assert "zookeeper" not in services
    ingest = services["ingest"]
    assert ingest["deploy"]["replicas"] == 2
    assert ingest["command"][0] == "ingest" and "--group" in ingest["command"]
    parses(ingest["command"])
    assert services["postgres"]["image"].startswith("postgres:")
    assert ingest["environment"]["VEIL_LEDGER_URL"].startswith("postgresql://")
    scheduler = services["scheduler"]
    lines = shell_veil_lines(scheduler["command"][0].replace("$$", "$"), lambda s: s)
    for argv in lines:
        parses(argv)
    assert [a[0] for a in lines].count("train") == 1 and ["audit", "report", "-o", "/reports/report.html"] in lines
    assert "reports:/reports" in scheduler["volumes"]
    topics_script = services["topics"]["command"][0]
    assert f"--partitions {PARTITIONS}" in topics_script


def test_dockerfile():
    text = (DEPLOY / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", text, re.M)) >= 2  # multi-stage
    user = re.findall(r"^USER (\S+)", text, re.M)
    assert user and user[-1] not in ("root", "0")
    assert re.search(r'^ENTRYPOINT \["veil"\]', text, re.M)
    assert re.search(r"^HEALTHCHECK .*veil", text, re.M)
    # The CPU torch wheel is the version pyproject pins, so `pip install .` keeps it; its index
    # is a build argument (offline builds) whose default is PyTorch's CPU index.
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    torch_pin = next(p for p in pins if p.startswith("torch=="))
    assert re.search(r"^ARG TORCH_INDEX_URL=https://download\.pytorch\.org/whl/cpu$", text, re.M)
    assert f'pip install --index-url "$TORCH_INDEX_URL" {torch_pin}\n' in text
    spacy_model = next(p for p in pins if p.startswith("en-core-web-sm"))
    assert spacy_model.split("==")[0] in (ROOT / "pyproject.toml").read_text() and "spacy.load(" in text
    for package in ("veil", "ingest", "anonymize", "store", "trainer", "audit"):
        assert f"COPY {package} {package}" in text


def test_compose_named_volumes_are_writable_by_the_image_user():
    # A fresh named volume takes the owner of the directory it is mounted on; a mount point
    # the image does not create is root-owned and the non-root user cannot write to it (the
    # scheduler's report to /reports failed this way in the first container run).
    text = (DEPLOY / "Dockerfile").read_text()
    chowned = set()
    for line in re.findall(r"chown veil:veil ([^\n&]+)", text):
        chowned.update(line.split())
    named = compose().get("volumes", {})
    for name, service in compose()["services"].items():
        if service.get("image", "").startswith("veil:"):
            for mount in service.get("volumes", []):
                source, target = mount.split(":")[:2]
                if source in named:
                    assert target in chowned, f"{name}: volume {source} at {target} is not chowned to veil"
