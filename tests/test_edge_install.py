"""``pip install ./edge`` into a fresh virtual environment gives a working ``veil_edge``
without torch, transformers, spaCy, Presidio, pyarrow or matplotlib (issue 14)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "transformers", "spacy", "presidio-analyzer", "presidio-anonymizer", "pyarrow", "matplotlib",
         "thinc", "pandas", "numpy")


@pytest.mark.slow
def test_pip_install_edge_into_a_fresh_venv(tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    # from a copy: setuptools builds in the source tree, and the checkout must not gain a build/
    source = shutil.copytree(ROOT / "edge", tmp_path / "edge",
                             ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    install = subprocess.run([str(py), "-m", "pip", "install", "-q", str(source)], capture_output=True,
                             text=True, timeout=1200)
    assert install.returncode == 0, install.stderr[-2000:]
    listed = subprocess.run([str(py), "-m", "pip", "list", "--format", "json"], capture_output=True, text=True,
                            check=True).stdout
    names = {p["name"].lower() for p in json.loads(listed)}
    assert "veil-edge" in names and not names & set(HEAVY), sorted(names & set(HEAVY))
    probe = (
        "import sys, json, veil_edge as v\n"
        "k = v.generate_private_key()\n"
        "s = v.Scrubber(v.load_policy(None), tier='lite', public_key=k.public_key())\n"
        "out = s.scrub({'user_id': 'u1', 'text': 'I am Jemma Davies, mail jane@example.com, card 4111 1111 1111 1111'})\n"
        "assert out['text'] == 'I am <PERSON>, mail <EMAIL_ADDRESS>, card <CREDIT_CARD>', out\n"
        "assert v.Opener(k).open(out['user_id']) == 'u1'\n"
        # the sign-off rules read data/signoffs.json and data/extra_first_names.txt (package data)
        "out = s.scrub({'user_id': 'u1', 'text': 'Works well.\\n\\nRegards,\\nNorm'})\n"
        "assert out['text'] == 'Works well.\\n\\nRegards,\\n<PERSON>', out\n"
        # issue 17's finders read their data files (package data) and keep_terms needs pyahocorasick
        "p = v.parse_policy('version: 1\\ndefault:\\n  string: {op: redact_text, keep_terms: [Hamilton Beach]}\\n')\n"
        "s = v.Scrubber(p, tier='lite', public_key=k.public_key())\n"
        "out = s.scrub({'user_id': 'u1', 'lat': 52.520008, 'text': 'Spoke with Anna Smith about the Hamilton Beach toaster, bill at "
        "example dot com, passport no. C01X00T47, at 52.520008, 13.404954, IBAN DE89 3704 0044 0532 0130 00'})\n"
        "assert out['lat'] == 52.5 and out['text'] == 'Spoke with <PERSON> about the Hamilton Beach toaster, <EMAIL_ADDRESS>, passport no. "
        "<PASSPORT>, at <GEO_COORDINATES>, IBAN <IBAN_CODE>', out\n"
        f"heavy = [m for m in sys.modules if m.split('.')[0] in {('torch', 'transformers', 'spacy', 'presidio_analyzer', 'pyarrow', 'matplotlib', 'veil')!r}]\n"
        "assert not heavy, heavy\n"
        "print('ok')\n"
    )
    run = subprocess.run([str(py), "-c", probe], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-2000:]
    cli = subprocess.run([str(env_dir / "bin" / "veil-edge"), "--help"], capture_output=True, text=True, timeout=60)
    assert cli.returncode == 0 and "scrub" in cli.stdout
