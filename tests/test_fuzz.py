"""The fuzzer (fuzzing.py): for any file a contributor can add, `make validate` refuses it at a line
of it, or validate and the build both pass with no traceback and every XML, iCalendar and JSON file
written parses. Front matter comes from the model's schemas, so a new field kind needs no new test.
Seeded and short in the quick tier (a few batches, one build each); longer in the slow tier."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import check_batch, entries

batches = st.lists(entries(), min_size=1, max_size=6)
COUNTS: dict = {}


def _run(tmp_path_factory, batch, counts):
    found = check_batch(str(tmp_path_factory.mktemp("fuzz")), batch)
    counts["batches"] = counts.get("batches", 0) + 1
    for key, value in found.items():
        counts[key] = counts.get(key, 0) + value


def _report(name: str, counts: dict, start: float) -> None:
    print(f"\n{name}: {counts} in {time.perf_counter() - start:.1f} s")


@settings(max_examples=4, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(batch=batches)
def _quick(tmp_path_factory, batch):
    _run(tmp_path_factory, batch, COUNTS.setdefault("quick", {}))


@settings(max_examples=150, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(batch=batches)
def _long(tmp_path_factory, batch):
    _run(tmp_path_factory, batch, COUNTS.setdefault("slow", {}))


def test_what_validate_accepts_builds_and_parses(tmp_path_factory):
    start = time.perf_counter()
    _quick(tmp_path_factory)
    _report("quick", COUNTS["quick"], start)


@pytest.mark.slow
def test_what_validate_accepts_builds_and_parses_at_length(tmp_path_factory):
    start = time.perf_counter()
    _long(tmp_path_factory)
    _report("slow", COUNTS["slow"], start)
