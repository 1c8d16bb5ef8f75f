"""The wheel is what pre-commit installs: build it, install it in a fresh venv, run it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "09USNATO114.txt"  # shipped in the repository

# pip builds the wheel in the checkout (build/, *.egg-info): one worker runs every in-place build
pytestmark = pytest.mark.xdist_group("checkout-builds")


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True)
    (found,) = out.glob("markcheck-*.whl")
    return found


def test_wheel_carries_grammars_and_rules(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    grammars = {Path(n).name for n in names if n.startswith("markcheck/grammars/")}
    rules = {Path(n).name for n in names if n.startswith("markcheck/rules/")}
    assert {p.name for p in (ROOT / "grammars").glob("*.lark")} <= grammars
    assert {p.name for p in (ROOT / "rules").glob("*.yaml")} <= rules
    assert "schema.json" in rules or not (ROOT / "rules" / "schema.json").exists()


def test_wheel_carries_the_report_template(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "markcheck/templates/report.html.j2" in names


def test_installed_wheel_inspects_the_example_cable(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bindir / "pip"), "install", "-q", str(wheel)], check=True, capture_output=True, text=True)
    # run from an unrelated directory: data files must come from the installed package
    result = subprocess.run([str(bindir / "markcheck"), "inspect", "--format", "json", str(EXAMPLE)],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stdout)["files"][0]
    assert entry["classification"] == "CONFIDENTIAL//NOFORN"
    assert entry["date"] == "2009-03-20"
    assert entry["era"] == "EO12958A"
    # the report's template and its Jinja2 dependency come with the installed wheel too
    report = tmp_path / "report.html"
    result = subprocess.run([str(bindir / "markcheck"), "report", "--isolated", str(EXAMPLE), "-o", str(report)],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    assert "09USNATO114.txt" in report.read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    test_command = next(b for b in blocks if "pytest" in b)
    ci_lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
                if line and not line.startswith("#") and not line.startswith(("set ", "cd ", "command -v "))]
    assert ci_lines == [test_command]
