"""``veil federate``: federated DP fine-tuning on Flower (see ``trainer/federated/``).

* ``veil federate --devices DIR ...``: a whole federation on this machine (SuperLink and
  one SuperNode per device on loopback: Flower's Deployment Runtime);
* ``veil federate server ...``: the SuperLink and Veil's ServerApp for real sites;
* ``veil federate device --superlink HOST:PORT --data FILE ...``: one device's SuperNode.

Usage errors (a missing option, a bad number, a file that is not there) are refused with
exit 2 before anything starts or is created; an over-budget job exits 3, nothing trained.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from veil.core.errors import UsageError

JOB_OPTIONS = ("dataset", "text_field", "label_field", "epsilon", "delta", "rounds", "devices_per_round", "out")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "federate",
        help="federated DP fine-tuning on Flower (raw data stays on the devices)",
        description=(
            "DP-FedAvg on Flower: each device scrubs its own raw events with the policy, trains the classifier "
            "head (with --lora-rank: LoRA adapters + the head) locally and sends only a clipped update; the server "
            "Poisson-samples devices, adds Gaussian noise to the sum (fixed denominator) and accounts ε per device "
            "in the ledger. Without a subcommand: a whole federation on this machine over --devices DIR (one "
            "JSONL of raw events per device)."),
    )
    _job_options(p, local=True)
    sub = p.add_subparsers(dest="federate_command", metavar="{server,device}")
    s = sub.add_parser("server", help="SuperLink + Veil's ServerApp for real sites (devices connect to it)",
                       description="Start the SuperLink and run the federated job; devices join with "
                       "`veil federate device`. Needs TLS files, or --insecure on a trusted network.")
    _job_options(s, local=False)
    s.add_argument("--population", type=int, required=True, help="number of registered (training) devices N")
    s.add_argument("--validation-devices", type=int, default=0, help="devices started with --role validation")
    s.add_argument("--listen", default="127.0.0.1:9092", help="HOST:PORT of the SuperLink (default: %(default)s)")
    s.add_argument("--workdir", required=True, help="folder for the SuperLink's database, the job file and logs")
    _tls_options(s, server=True)
    s.set_defaults(func=run_server)
    d = sub.add_parser("device", help="one device's SuperNode (its raw events never leave it)",
                       description="Run a SuperNode for one device's data until stopped.")
    d.add_argument("--superlink", required=True, help="HOST:PORT of the SuperLink")
    d.add_argument("--data", required=True, help="the device's raw events, one JSON object a line")
    d.add_argument("--device-id", required=True, help="this device's id (hashed with the job's salt; never sent)")
    d.add_argument("--role", choices=("train", "validation"), default="train")
    d.add_argument("--model", default=None, help="base model on this device (default: the built-in one)")
    d.add_argument("--cache-dir", help="where this device caches its scrubbed features (default: none)")
    d.add_argument("--api-port", type=int, default=9094, help="the SuperNode's local port (default: %(default)s)")
    _tls_options(d, server=False)
    d.set_defaults(func=run_device)
    p.set_defaults(func=run_local)


def _job_options(p: argparse.ArgumentParser, local: bool) -> None:
    """The job's options; required ones are checked by the runner (a subcommand's parent
    cannot require them), so a missing one is still one usage line."""
    if local:
        p.add_argument("--devices", help="folder with one JSONL of raw events per device")
        p.add_argument("--cache-dir", dest="device_cache", help="where each device keeps its scrubbed features "
                       "between jobs (default: none, recomputed every job)")
        p.add_argument("--validation-fraction", type=float, default=0.2, help="share of devices held out for "
                       "validation, never trained on (default: %(default)s)")
    p.add_argument("--dataset", help="ledger dataset (topic) the budget is drawn from")
    p.add_argument("--text-field", help="dotted path of the text in each event, e.g. review.body")
    p.add_argument("--label-field", help="dotted path of the label (or of the value --positive-if tests)")
    p.add_argument("--labels", help="comma-separated label set, fixed in advance")
    p.add_argument("--positive-if", metavar="RULE", help="binary labels by a threshold on --label-field, e.g. '>=4'")
    p.add_argument("--epsilon", type=float, help="target ε per device")
    p.add_argument("--delta", type=float, help="δ of this job")
    p.add_argument("--rounds", type=int, help="rounds T")
    p.add_argument("--devices-per-round", type=float, help="expected devices per round K (q = K / N)")
    p.add_argument("--out", help="output directory for the model")
    p.add_argument("--policy", help="anonymisation policy the devices scrub with (default: the built-in one)")
    p.add_argument("--device-tier", choices=("lite", "full"), default="lite",
                   help="veil_edge tier the devices scrub with: lite (no NLP model, default) or full (Presidio + "
                   "spaCy: devices with the veil server package); a policy the tier cannot honour is refused")
    p.add_argument("--model", default=None, help="base model (directory or built-in name)")
    p.add_argument("--clipping-norm", type=float, default=0.5, help="per-device update clipping norm C")
    p.add_argument("--server-lr", type=float, default=1.0, help="server learning rate")
    p.add_argument("--local-epochs", type=int, default=5)
    p.add_argument("--local-lr", type=float, default=None,
                   help="device learning rate (default: 0.5, SGD, for the head; 0.01, AdamW, with --lora-rank)")
    p.add_argument("--lora-rank", type=int, default=0, metavar="R",
                   help="devices train LoRA adapters of rank R (query/value of every layer) + the head, as "
                   "`veil train --lora-rank`, merged into the saved model (default: 0, the head on frozen features)")
    p.add_argument("--lora-alpha", type=float, default=None, help="LoRA scaling alpha (default: 2 x rank)")
    p.add_argument("--round-timeout", type=float, default=120.0, help="seconds a round waits; later is a dropout")
    p.add_argument("--secure-aggregation", action="store_true",
                   help="SecAgg+ (not available yet in this version: refused)")
    p.add_argument("--overwrite", action="store_true", help="replace the model already in --out")
    p.add_argument("--job-id", help="ledger job id (default: generated)")
    p.add_argument("--home", help="Veil home (default $VEIL_HOME or ./.veil)")
    _preparation_options(p)


def _preparation_options(p: argparse.ArgumentParser) -> None:
    """`veil train`'s data preparation, applied by each device to its own examples."""
    from dataclasses import fields

    from veil.trainer import DEDUP_MODES, SHINGLES, TrainConfig

    d = {f.name: f.default for f in fields(TrainConfig)}
    g = p.add_argument_group("data preparation (on each device, within its user(s), as `veil train`)")
    g.add_argument("--min-chars", type=int, default=d["min_chars"], metavar="N",
                   help="remove texts with fewer than N characters besides placeholders (default: %(default)s)")
    g.add_argument("--keep-placeholder-only", action="store_true",
                   help="keep texts that are only placeholders after scrubbing (default: removed)")
    g.add_argument("--dedup", choices=DEDUP_MODES, default=d["dedup"],
                   help="user: exact and near-duplicates within each user; exact; off (default: %(default)s)")
    g.add_argument("--near-duplicate-threshold", type=float, default=d["near_duplicate_threshold"], metavar="J",
                   help="Jaccard similarity at or above which two texts are near-duplicates (default: %(default)s)")
    g.add_argument("--dedup-shingles", choices=SHINGLES, default=d["dedup_shingles"],
                   help="shingles compared (default: %(default)s)")


def _tls_options(p: argparse.ArgumentParser, server: bool) -> None:
    if server:
        p.add_argument("--ssl-certfile")
        p.add_argument("--ssl-keyfile")
        p.add_argument("--ssl-ca-certfile")
    else:
        p.add_argument("--root-certificates", help="CA certificate of the SuperLink")
    p.add_argument("--insecure", action="store_true", help="no TLS (loopback or a trusted network only)")


def _config(args: argparse.Namespace, population: int = 0):
    from veil.trainer import federated_config

    missing = [f"--{o.replace('_', '-')}" for o in JOB_OPTIONS if getattr(args, o) is None]
    if missing:
        raise UsageError(f"missing {', '.join(missing)}")
    if args.secure_aggregation:
        raise UsageError("--secure-aggregation (SecAgg+) is not available yet; run without it (the model card says "
                         "the server sees each clipped update before adding noise)")
    labels = [s.strip() for s in args.labels.split(",") if s.strip()] if args.labels else None
    cfg = federated_config(
        dataset=args.dataset, text_field=args.text_field, label_field=args.label_field, epsilon=args.epsilon,
        delta=args.delta, rounds=args.rounds, devices_per_round=args.devices_per_round, out=args.out,
        population=population, labels=labels, positive_if=args.positive_if, policy=args.policy,
        clipping_norm=args.clipping_norm, server_lr=args.server_lr, local_epochs=args.local_epochs,
        local_lr=args.local_lr, lora_rank=args.lora_rank, lora_alpha=args.lora_alpha, round_timeout=args.round_timeout, job_id=args.job_id, overwrite=args.overwrite,
        device_tier=args.device_tier, min_chars=args.min_chars, drop_placeholder_only=not args.keep_placeholder_only,
        dedup=args.dedup, near_duplicate_threshold=args.near_duplicate_threshold, dedup_shingles=args.dedup_shingles,
        **({"model": args.model} if args.model else {}))
    if args.policy and not Path(args.policy).is_file():
        raise UsageError(f"--policy {args.policy} is not a file")
    cfg.validate()
    return cfg


def run_local(args: argparse.Namespace) -> int:
    from veil.trainer import federate_local

    if args.devices is None:
        raise UsageError("missing --devices DIR (or use `veil federate server` / `veil federate device`)")
    if not (0 <= args.validation_fraction < 1):
        raise UsageError("--validation-fraction must be in [0, 1)")
    cfg = _config(args, population=0)
    # BudgetRefused (exit 3) is printed by the CLI's error boundary, as every VeilError
    result = federate_local(cfg, args.devices, args.home or _default_home(),
                            validation_fraction=args.validation_fraction,
                            cache_dir=Path(args.device_cache) if args.device_cache else None)
    print(json.dumps({k: v for k, v in result.items() if k != "ok"}))
    return 0


def run_server(args: argparse.Namespace) -> int:
    from veil.trainer import federate_server

    host, _, port = args.listen.rpartition(":")
    if not host or not port.isdigit():
        raise UsageError(f"--listen {args.listen!r}: expected HOST:PORT")
    tls = _tls_files(args)
    cfg = _config(args, population=args.population)
    cfg.validation_devices = [f"v{i}" for i in range(max(0, args.validation_devices))]
    result = federate_server(cfg, args.home or _default_home(), args.workdir, host=host, port=int(port),
                             tls_files=tls)
    print(json.dumps({k: v for k, v in result.items() if k != "ok"}))
    return 0


def run_device(args: argparse.Namespace) -> int:
    from veil.trainer import federate_device

    data = Path(args.data)
    if not data.is_file():
        raise UsageError(f"--data {data} is not a file (the device's raw events, one JSON object a line)")
    host, _, port = args.superlink.rpartition(":")
    if not host or not port.isdigit():
        raise UsageError(f"--superlink {args.superlink!r}: expected HOST:PORT")
    if not args.insecure and not args.root_certificates:
        raise UsageError("give --root-certificates (the SuperLink's CA), or --insecure on a trusted network")
    if args.root_certificates and not Path(args.root_certificates).is_file():
        raise UsageError(f"--root-certificates {args.root_certificates} is not a file")
    return federate_device(args.superlink, data, args.device_id, role=args.role, model=args.model or _default_model(),
                           cache_dir=Path(args.cache_dir) if args.cache_dir else None,
                           root_certificates=Path(args.root_certificates) if args.root_certificates else None,
                           api_port=args.api_port)


def _tls_files(args: argparse.Namespace) -> tuple[str, str, str] | None:
    files = (args.ssl_certfile, args.ssl_keyfile, args.ssl_ca_certfile)
    if not any(files):
        if not args.insecure:
            raise UsageError("give --ssl-certfile, --ssl-keyfile and --ssl-ca-certfile, or --insecure on a "
                             "trusted network")
        return None
    if not all(files):
        raise UsageError("TLS needs all three of --ssl-certfile, --ssl-keyfile, --ssl-ca-certfile")
    for f in files:
        if not Path(f).is_file():
            raise UsageError(f"{f} is not a file")
    return files  # type: ignore[return-value]


def _default_home() -> str | None:
    return None


def _default_model() -> str:
    from veil.core.settings import DEFAULT_BASE_MODEL

    return DEFAULT_BASE_MODEL
