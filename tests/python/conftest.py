"""Shared fixtures for the pytest suite of the Python bindings.

Run by CTest (python/pytest) with PYTHONPATH=<build>/python, so `import inscrm` is the package the
build assembled. Every test uses the memory store and a manual clock: deterministic and fast.
"""

import datetime as dt
import os
import pathlib

import pytest

import inscrm

REPO = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "python"
BINDINGS = pathlib.Path(os.environ.get("INSCRM_PYTHON_SOURCE_DIR", REPO / "bindings" / "python"))

START = dt.date(2024, 1, 10)
# Also an administrator: the fixtures set up products and run the daily rules and analytics, which a
# service representative alone may not (security/permissions.hpp).
CLERK = inscrm.Actor("u-7", roles=["service_rep", "administrator"])


def resident_id(district: str, birth: dt.date, seq: int, male: bool) -> str:
    """A valid GB 11643-1999 resident identity number (17th digit odd = male, MOD 11-2 check)."""
    body = f"{district}{birth:%Y%m%d}{(seq * 2 + (1 if male else 0)) % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


@pytest.fixture
def clock():
    return inscrm.ManualClock(START)


@pytest.fixture
def crm(clock):
    with inscrm.open("memory:", clock=clock, actor=CLERK) as c:
        c.products.create("WL", "Whole life", free_look_days=15, grace_days=60, term_years=20)
        yield c


@pytest.fixture
def holder(crm):
    return crm.customers.create(name="张伟", identity=("resident_id", "110105198503142318"), phones=["13812345678"],
                                region="310000", source="agent_referral")


@pytest.fixture
def spouse(crm):
    return crm.customers.create(name="李娜", gender="female", birth_date=dt.date(1987, 6, 2))


@pytest.fixture
def policy(crm, holder, spouse):
    return crm.policies.issue(product="WL", holder=holder.id, beneficiaries=[(spouse.id, 100)],
                              sum_insured=500_000_00, premium=12_000_00)
