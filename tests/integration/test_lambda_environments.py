"""Execution environments as `make dev` runs them: real worker processes (devtools/local_api/environments.py).

A throwaway function (tests/integration/lambda_fixture) reports its process, its module state and its variables.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import forkserver

import pytest

from devtools.local_api import environments
from devtools.local_api.environments import FunctionPool, FunctionSpec, ProcessEnvironment, Throttled

SPEC = FunctionSpec(
    logical_id="FixtureFunction",
    code_uri="tests/integration/lambda_fixture",
    handler="app.lambda_handler",
    memory_mb=128,
    timeout_s=1,
    environment={"COLOR": "blue"},
)


@pytest.fixture
def pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[FunctionPool]:
    monkeypatch.setenv("PARENT_ONLY", "not for functions")
    pool = FunctionPool(SPEC, limit=2, starter=ProcessEnvironment)
    yield pool
    pool.close()


def test_given_concurrent_invocations_then_each_runs_in_its_own_process_with_its_own_state_and_variables(
    pool: FunctionPool,
) -> None:
    # When two invocations overlap
    with ThreadPoolExecutor(max_workers=2) as threads:
        first, second = threads.map(lambda _: pool.invoke({"sleep": 0.5}).result(), range(2))

    # Then two environments served them: two processes, neither this one, each with its own module state
    assert first["pid"] != second["pid"] and os.getpid() not in (first["pid"], second["pid"])
    assert (first["calls"], second["calls"]) == (1, 1)
    assert pool.cold_starts == 2
    # ...with the function's own variables and none of the parent's
    assert first["color"] == "blue" and first["parent_only"] is None
    assert first["request_id"] != second["request_id"] and 0 < first["remaining_ms"] <= 1000

    # And a later invocation reuses a warm environment (its module state carries on)
    again = pool.invoke({}).result()
    assert again["pid"] in (first["pid"], second["pid"]) and again["calls"] == 2
    assert pool.cold_starts == 2


def test_given_every_environment_busy_at_the_limit_then_a_request_is_throttled_and_an_event_source_waits(
    pool: FunctionPool,
) -> None:
    with ThreadPoolExecutor(max_workers=3) as threads:
        # Given both environments (the limit) busy for a few seconds
        holders = [threads.submit(lambda: pool.invoke({"sleep": 3}).result()["pid"]) for _ in range(2)]
        deadline = time.monotonic() + 30
        while pool.size < 2 and time.monotonic() < deadline:
            time.sleep(0.05)

        # When a request arrives it is throttled; an event source's invocation waits for a free environment
        with pytest.raises(Throttled):
            pool.invoke({})
        waited = threads.submit(lambda: pool.invoke({}, wait=True).result())

        assert waited.result(timeout=60)["pid"] in {holder.result() for holder in holders}
    assert pool.size == 2 and pool.throttles == 1


def test_given_environments_whose_init_makes_clients_then_each_makes_its_own_with_its_own_variables() -> None:
    # Given a function that names a table: its init (in each forked environment) makes the DynamoDB client
    variables = {"AWS_DEFAULT_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"}
    specs = [
        FunctionSpec(
            logical_id=f"Fixture{n}Function",
            code_uri=SPEC.code_uri,
            handler=SPEC.handler,
            timeout_s=5,
            environment={**variables, "ORDERS_TABLE": "t", "AWS_ENDPOINT_URL": f"http://127.0.0.1:{4000 + n}"},
        )
        for n in (1, 2)
    ]
    pools = [FunctionPool(spec, limit=1, starter=ProcessEnvironment) for spec in specs]
    try:
        # When each serves a request
        first, second = (pool.invoke({"client": True}).result() for pool in pools)
    finally:
        for pool in pools:
            pool.close()

    # Then each made its client at init, in its own process, sending where its own variables say
    assert first["pid"] != second["pid"] and os.getpid() not in (first["pid"], second["pid"])
    assert first["at_init"] == ["http://127.0.0.1:4001"] and second["at_init"] == ["http://127.0.0.1:4002"]


def test_given_a_new_environment_then_the_functions_aws_models_are_already_parsed(pool: FunctionPool) -> None:
    # The forkserver parsed them once (devtools/local_api/parsed_models.py); every environment forks with them.
    assert pool.invoke({"models": True}).result()["parsed"] == ["dynamodb", "kms", "sqs"]


def test_given_a_forkserver_started_before_ours_then_environments_still_fork_with_the_parsed_models(
    pool: FunctionPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given multiprocessing's one forkserver per process already started with nothing preloaded, as compileall starts
    # it when scripts/build_lambda.py compiles the artifact in this process (tests/unit/test_lambda_build.py)
    monkeypatch.setattr(environments, "_context", None)
    forkserver._forkserver._stop()  # type: ignore[attr-defined]
    forkserver.set_forkserver_preload([])
    forkserver.ensure_running()

    # Then a new environment still forks from a server that parsed the models
    assert pool.invoke({"models": True}).result()["parsed"] == ["dynamodb", "kms", "sqs"]


def test_given_a_handler_that_raises_then_lambdas_error_and_the_environment_stays(pool: FunctionPool) -> None:
    failed = pool.invoke({"raise": True})

    assert failed.error is not None
    assert (failed.error["errorType"], failed.error["errorMessage"]) == ("ValueError", "boom")
    assert pool.invoke({}).result()["calls"] == 2  # the same environment, still warm


def test_given_a_handler_past_its_timeout_then_it_is_stopped_with_its_environment(
    pool: FunctionPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(environments, "TIMEOUT_SLACK", 1)

    timed_out = pool.invoke({"sleep": 5})

    assert timed_out.error is not None and timed_out.error["errorType"] == "Sandbox.Timedout"
    assert pool.size == 0
    assert pool.invoke({}).result()["calls"] == 1  # a fresh environment (cold start)


def test_given_a_busy_environment_killed_then_its_invocation_fails_and_the_next_gets_a_new_one(
    pool: FunctionPool,
) -> None:
    # Given an invocation running in an environment (its pid listed as busy)
    with ThreadPoolExecutor(max_workers=1) as threads:
        running = threads.submit(pool.invoke, {"sleep": 5})
        deadline = time.monotonic() + 30
        while not pool.pids(busy=True) and time.monotonic() < deadline:
            time.sleep(0.05)
        (pid,) = pool.pids(busy=True)

        # When the environment is SIGKILLed mid-invocation (the local API's POST /_local/kill)
        os.kill(pid, signal.SIGKILL)
        killed = running.result(timeout=30)

    # Then that invocation fails as Lambda reports a lost environment, and the next one starts a new environment
    assert killed.error is not None and killed.error["errorType"] == "Runtime.ExitError"
    assert pool.size == 0 and pool.pids(busy=True) == []
    again = pool.invoke({}).result()
    assert again["pid"] != pid and again["calls"] == 1


def test_given_an_idle_environment_that_died_then_the_next_invocation_never_lands_in_it(pool: FunctionPool) -> None:
    # Given a warm environment, killed while it waited for work
    first = pool.invoke({}).result()
    os.kill(first["pid"], signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _alive(first["pid"]) and time.monotonic() < deadline:  # the forkserver reaps its child
        time.sleep(0.05)

    # When the next invocation arrives, then a new environment serves it (a cold start), not the dead one
    again = pool.invoke({}).result()
    assert again["pid"] != first["pid"] and again["calls"] == 1
    assert pool.size == 1


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
