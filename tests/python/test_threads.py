"""Long calls release the GIL: other Python threads run while the library works. (How much faster
two concurrent imports finish than two serial ones is a speed figure, so it is measured by
bench/bench_python.py, not asserted here: project rule, no timed unit tests.)"""

import sys
import threading

import numpy as np
import pytest

import inscrm

ROWS = 200_000


def columns(n, prefix):
    rng = np.random.default_rng(len(prefix))
    return dict(
        name=np.char.add("客户", np.arange(n).astype(str)),
        gender=rng.choice(["male", "female"], n),
        birth_date=np.datetime64("1960-01-01") + rng.integers(0, 15_000, n).astype("timedelta64[D]"),
        region=rng.choice(["310000", "110000", "440300"], n),
        phone=np.char.add("138", np.char.zfill(np.arange(n).astype(str), 8)),
        external_ref=np.char.add(prefix, np.arange(n).astype(str)),
    )


@pytest.fixture(scope="module")
def batches():
    return [columns(ROWS, "A-"), columns(ROWS, "B-")]


def import_into_fresh_db(cols):
    with inscrm.open("memory:") as crm:
        report = crm.customers.import_arrays(**cols)
        assert report.imported == len(cols["name"]), report


def test_python_threads_run_while_an_import_is_in_the_library(batches):
    """Deterministic proof, whatever the machine's load: a Python thread keeps counting while the
    other thread is inside import_arrays. Were the GIL held for the whole call, the counter could
    not move between the call's start and end."""
    inside = threading.Event()
    finished = threading.Event()

    def worker():
        with inscrm.open("memory:") as crm:
            inside.set()
            crm.customers.import_arrays(**batches[0])
            finished.set()

    old = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    try:
        t = threading.Thread(target=worker)
        t.start()
        inside.wait()
        counted = 0
        while not finished.is_set():
            counted += 1
        t.join()
    finally:
        sys.setswitchinterval(old)
    assert counted > 100_000, f"the main thread ran only {counted} iterations during the import"


def test_one_crm_shared_by_many_threads():
    """A Crm is safe to share: concurrent calls from several threads all land, none twice."""
    with inscrm.open("memory:") as crm:
        errors = []

        def register(prefix):
            try:
                for i in range(200):
                    crm.customers.create(name=f"{prefix}{i}", external_ref=f"{prefix}-{i}")
            except Exception as e:  # surfaced below: an assertion inside a thread would be lost
                errors.append(e)

        threads = [threading.Thread(target=register, args=(p,)) for p in "ABCD"]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert sum(1 for _ in crm.customers) == 800
        assert crm.summary().customers == 800
