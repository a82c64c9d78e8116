"""``veil serve``: a trained model behind HTTP (Starlette on uvicorn, an ASGI server).

Endpoints: ``POST /v1/predict`` (``{"texts": [...]}`` → a label and every class's
probability per text), ``GET /healthz``, ``GET /metrics`` (Prometheus text format),
``GET /v1/model`` (the model card and its records).

Invariants:

* No request text is logged, counted by value or echoed in an error: errors name the
  limit that was hit, metrics labels are endpoint and status only.
* Limits are checked before any text is read in full: the body (``Content-Length`` and the
  bytes actually streamed), the batch size and each text's length.  Beyond them: 413.
* Train and serve see the same distribution: when scrubbing is on, each text passes
  through the same policy the store was written with — the policy's rule for the model's
  ``text_field`` (``redact_text`` turns names into ``<PERSON>`` as at ingest) — before the
  model sees it.
* A model is served under the policy its training rows were written with: when
  ``privacy.json`` names those policies (``policy_hashes``) and the serving policy is not
  one of them, serving is refused unless the caller says the mismatch is intended.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import TrainingError


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = 1 << 20
    max_batch: int = 64
    max_text_chars: int = 5000
    max_length: int = 128  # tokens per text


class TooLarge(Exception):
    """A request over a limit; ``str`` names the limit, never the content."""


class Served:
    """The loaded model, its records and (optionally) the policy's scrubbing of its text field."""

    def __init__(self, model_dir: Path, policy: Any | None, limits: Limits):
        from veil.trainer import load_classifier

        self.model_dir = model_dir
        self.model, self.tokenizer = load_classifier(model_dir)
        self.model.eval()
        self.privacy = _read_json(model_dir / "privacy.json")
        self.metrics = _read_json(model_dir / "metrics.json")
        card = model_dir / "README.md"
        self.card = card.read_text(encoding="utf-8") if card.is_file() else ""
        self.labels = [self.model.config.id2label[i] for i in range(self.model.config.num_labels)]
        self.limits = limits
        self.policy = policy
        self.sanitizer = None
        if policy is not None:
            from veil.anonymize import Sanitizer

            # Pseudonyms of the placeholder user are thrown away: any key will do, never the home's.
            self.sanitizer = Sanitizer(policy, secrets.token_bytes(32))
            self.sanitizer.warm_up()
        self.lock = threading.Lock()  # one forward at a time: torch already uses every core

    @property
    def text_field(self) -> str:
        return str(self.privacy.get("text_field") or "text")

    def scrub(self, texts: list[str]) -> list[str]:
        """The texts as the policy stores the model's text field."""
        if self.sanitizer is None:
            return texts
        from veil.anonymize import Rejected

        events = [_nest({self.policy.user_key: "serving", self.text_field: t}) for t in texts]
        out = []
        for result in self.sanitizer.sanitize_batch(events):
            if isinstance(result, Rejected):
                raise ValueError(f"a text could not be scrubbed ({result.reason})")
            value = _get(result.data, self.text_field)
            out.append(value if isinstance(value, str) else "")
        return out

    def predict(self, texts: list[str]) -> list[dict[str, Any]]:
        import torch

        from .model import classify

        texts = self.scrub(texts)
        with self.lock, torch.no_grad():
            enc = self.tokenizer(texts, truncation=True, max_length=self.limits.max_length, padding=True,
                                 return_tensors="pt")
            probs = classify(self.model, enc["input_ids"], enc["attention_mask"]).softmax(-1).tolist()
        return [{"label": self.labels[max(range(len(p)), key=p.__getitem__)],
                 "probabilities": {label: round(x, 6) for label, x in zip(self.labels, p)}} for p in probs]

    def _scrubbing(self) -> dict[str, Any]:
        trained_under = training_policies(self.model_dir)
        served = self.policy.hash if self.policy is not None else None
        return {"on": self.sanitizer is not None, "text_field": self.text_field, "policy_hash": served,
                "training_policy_hashes": trained_under,
                "matches_training": (served in trained_under) if trained_under and served else None}

    def describe(self) -> dict[str, Any]:
        p = self.privacy
        return {
            "job_id": p.get("job_id"), "topic": p.get("topic"), "labels": self.labels,
            "guarantee": {k: p.get(k) for k in ("epsilon", "delta", "unit_of_privacy", "accountant")},
            "model_hash": p.get("model_hash"), "snapshot_hash": p.get("snapshot_hash"),
            "metrics": {k: self.metrics.get(k) for k in ("accuracy", "macro_f1", "roc_auc")},
            "scrubbing": self._scrubbing(),
            "limits": self.limits.__dict__, "card": self.card,
        }


def _read_json(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for dotted, value in flat.items():
        cur = out
        *parents, last = dotted.split(".")
        for part in parents:
            cur = cur.setdefault(part, {})
        cur[last] = value
    return out


def _get(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def parse_texts(body: bytes, limits: Limits) -> list[str]:
    """``{"texts": [...]}`` → the texts; ValueError (400) or TooLarge (413), in words that
    never quote the body."""
    try:
        payload = json.loads(body)
    except ValueError:
        raise ValueError("the body is not JSON; send {\"texts\": [\"...\"]}") from None
    texts = payload.get("texts") if isinstance(payload, dict) else None
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
        raise ValueError("expected {\"texts\": [one or more strings]}")
    if len(texts) > limits.max_batch:
        raise TooLarge(f"at most {limits.max_batch} texts per request, got {len(texts)}")
    if any(len(t) > limits.max_text_chars for t in texts):
        raise TooLarge(f"a text is longer than {limits.max_text_chars} characters")
    return texts


def build_app(served: Served):
    """The Starlette application over ``served``."""
    from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    registry = CollectorRegistry()
    requests = Counter("veil_serve_requests", "HTTP requests", ["endpoint", "code"], registry=registry)
    texts_total = Counter("veil_serve_texts", "texts classified", registry=registry)
    latency = Histogram("veil_serve_predict_seconds", "POST /v1/predict latency", registry=registry,
                        buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))

    def answer(endpoint: str, code: int, body: dict[str, Any]) -> JSONResponse:
        requests.labels(endpoint, str(code)).inc()
        return JSONResponse(body, status_code=code)

    async def predict(request: Request) -> Response:
        t0 = time.perf_counter()
        try:
            body = await _read_body(request, served.limits.max_body_bytes)
            texts = parse_texts(body, served.limits)
            predictions = await run_in_threadpool(served.predict, texts)
        except TooLarge as exc:
            return answer("predict", 413, {"error": str(exc)})
        except ValueError as exc:
            return answer("predict", 400, {"error": str(exc)})
        texts_total.inc(len(texts))
        latency.observe(time.perf_counter() - t0)
        return answer("predict", 200, {"model": served.privacy.get("job_id"), "predictions": predictions})

    async def healthz(request: Request) -> Response:
        return answer("healthz", 200, {"status": "ok", "model": served.privacy.get("job_id")})

    async def model(request: Request) -> Response:
        return answer("model", 200, served.describe())

    async def metrics(request: Request) -> Response:
        requests.labels("metrics", "200").inc()
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return Starlette(routes=[
        Route("/v1/predict", predict, methods=["POST"]), Route("/healthz", healthz, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]), Route("/v1/model", model, methods=["GET"]),
    ])


async def _read_body(request: Any, limit: int) -> bytes:
    """The body, refused as soon as it is known to be over ``limit`` bytes (declared or sent)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"the body is over {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the body is over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def check_policy(model_dir: Path, policy: Any) -> None:
    """Refuse a serving policy other than the ones the model's training rows were written under."""
    trained_under = training_policies(model_dir)
    if trained_under and policy.hash not in trained_under:
        names = ", ".join(h[:12] for h in trained_under)
        raise TrainingError(f"the model was trained on rows written under policy {names}, not {policy.hash[:12]}: "
                            f"give that policy's file as --policy (or --allow-policy-mismatch if intended)")


def training_policies(model_dir: Path) -> list[str]:
    """The policy hashes ``privacy.json`` records for the training snapshot ([] = not recorded)."""
    hashes = _read_json(model_dir / "privacy.json").get("policy_hashes")
    return [h for h in hashes if isinstance(h, str)] if isinstance(hashes, list) else []


def serve(model_dir: Path, *, host: str, port: int, policy: Any | None, limits: Limits,
          threads: int | None = None, allow_policy_mismatch: bool = False) -> None:
    """Run the endpoint until interrupted (uvicorn; its access log names paths, never bodies)."""
    import torch
    import uvicorn

    if threads is not None:
        torch.set_num_threads(threads)
    if not (model_dir / "config.json").is_file():
        raise TrainingError(f"{model_dir} is not a model directory (no config.json): give a --model ID or the --out "
                            f"of `veil train`")
    if policy is not None and not allow_policy_mismatch:
        check_policy(model_dir, policy)
    app = build_app(Served(model_dir, policy, limits))
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=True)
