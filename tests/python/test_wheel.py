"""The wheel: built offline from the staged package, installed with pip --no-index into fresh
virtual environments, and imported from there (not from the build tree)."""

import os
import pathlib
import shutil
import subprocess
import sys
import zipfile

import pytest

import inscrm

from conftest import BINDINGS

STORY = r"""
import datetime as dt, pathlib, sys
import inscrm
assert pathlib.Path(inscrm.__file__).resolve().is_relative_to(pathlib.Path(sys.prefix).resolve()), inscrm.__file__
with inscrm.open("memory:", clock=inscrm.ManualClock(dt.date(2025, 1, 10))) as crm:
    crm.products.create("WL", "Whole life", term_years=20)
    c = crm.customers.create(name="张伟", identity=("resident_id", "110105198503142318"))
    p = crm.policies.issue(product="WL", holder=c.id, sum_insured=100_000_00, premium=1_000_00)
    try:
        crm.customers.get(99)
    except inscrm.NotFound as e:
        assert e.code == "not_found"
    print("ok", inscrm.__version__, p.status)
"""

BULK = r"""
import numpy as np, pandas as pd, pathlib, sys
import inscrm
assert pathlib.Path(inscrm.__file__).resolve().is_relative_to(pathlib.Path(sys.prefix).resolve()), inscrm.__file__
with inscrm.open("memory:") as crm:
    r = crm.customers.import_arrays(name=np.array(["甲", "乙"]), phone=["13800000001", "13800000002"])
    assert r.imported == 2 and r.ids.dtype == np.int64
    assert len(crm.customers.dataframe()) == 2
    print("bulk ok")
"""


def run(*args, cwd=None):
    # Without PYTHONPATH: the venv must find inscrm in its own site-packages.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600, env=env, cwd=cwd)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    stage = tmp_path_factory.mktemp("stage")
    shutil.copytree(pathlib.Path(inscrm.__file__).parent, stage / "inscrm",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy(BINDINGS / name, stage)
    dist = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--no-index", "--no-cache-dir", "-w", dist, stage)
    wheels = list(dist.glob("inscrm-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_is_tagged_for_this_interpreter_and_carries_the_extension(wheel):
    tag = f"cp{sys.version_info.major}{sys.version_info.minor}"
    assert wheel.name.startswith(f"inscrm-{inscrm.__version__}-{tag}-{tag}-linux_"), wheel.name
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("inscrm/_core.") and n.endswith(".so") for n in names)
    for shipped in ("inscrm/__init__.py", "inscrm/_frames.py", "inscrm/_version.py", "inscrm/_core.pyi", "inscrm/py.typed"):
        assert shipped in names


def test_installs_into_a_plain_venv_and_imports(wheel, tmp_path):
    venv = tmp_path / "plain"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--no-index", "--no-cache-dir", wheel)
    # Nothing but the wheel and the standard library: the core API needs neither NumPy nor pandas.
    out = run(python, "-c", STORY, cwd=tmp_path)
    assert out.split() == ["ok", inscrm.__version__, "in_force"]


def test_bulk_paths_work_in_a_venv_with_the_system_numpy_and_pandas(wheel, tmp_path):
    venv = tmp_path / "system"
    run(sys.executable, "-m", "venv", "--system-site-packages", venv)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--no-index", "--no-deps", "--no-cache-dir", wheel)
    assert run(python, "-c", BULK, cwd=tmp_path).strip() == "bulk ok"
