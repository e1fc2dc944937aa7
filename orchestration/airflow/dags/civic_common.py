"""Settings shared by the civic DAGs (not a DAG file: listed in .airflowignore).

Every task runs the civic CLI, which reads civic.properties and chooses Spark's local mode or
spark-submit to a cluster; the executable and its data directory come from the worker's
environment (CIVIC_BIN, CIVIC_DATA_DIR), secrets from the environment or 0600 files, never from
the command line. The numbers below are read when the DAG files are parsed, so they must be set
for the dag-processor (and for `airflow dags test`).
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import pendulum

ZONE = pendulum.timezone("Europe/Rome")
JOBS_FILE = Path(__file__).with_name("civic_jobs.json")

# "${CIVIC_BIN:-civic}" is expanded by the task's bash, so a worker's own environment decides
CIVIC = '"${CIVIC_BIN:-civic}"'


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as e:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from e


def start_date() -> pendulum.DateTime:
    """The first date the DAGs run for: catch-up starts here on a fresh Airflow. Set it to the day
    Airflow takes over; the lake's earlier dates are built with `civic batch run` or a backfill."""
    value = os.environ.get("CIVIC_AIRFLOW_START_DATE", "").strip() or "2026-01-01"
    return pendulum.parse(value, tz=ZONE).start_of("day")


def max_active_tasks() -> int:
    """Tasks of one DAG run at once: each is a Spark JVM, so 1 on a 2-core machine."""
    return max(1, _env_int("CIVIC_AIRFLOW_MAX_ACTIVE_TASKS", 1))


def task_defaults(timeout: timedelta) -> dict:
    """Retries with exponential backoff and a timeout on every task. By default two retries, after
    5 to 10 then 10 to 20 minutes (the delay doubles; Airflow adds up to as much again, per task)."""
    return {
        "owner": "civic",
        "retries": _env_int("CIVIC_AIRFLOW_RETRIES", 2),
        "retry_delay": timedelta(seconds=_env_int("CIVIC_AIRFLOW_RETRY_DELAY_SECONDS", 300)),
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": timedelta(hours=1),
        "execution_timeout": timeout,
    }


def batch_timeout() -> timedelta:
    """One job for one date: minutes on a city's data, so two hours means it is stuck."""
    return timedelta(seconds=_env_int("CIVIC_AIRFLOW_TASK_TIMEOUT_SECONDS", 7200))


def registry() -> list[dict]:
    """The jobs of the batch registry, as `civic batch list --format json` prints them."""
    with JOBS_FILE.open(encoding="utf-8") as f:
        return json.load(f)["jobs"]


def daily_jobs(jobs: list[dict]) -> list[dict]:
    """The daily jobs in registry order; their needs must be daily jobs too (the DAG's edges)."""
    daily = [j for j in jobs if j["kind"] == "daily"]
    names = {j["name"] for j in daily}
    for job in daily:
        outside = [n for n in job["needs"] if n not in names]
        if outside:
            raise ValueError(f"daily job {job['name']} needs {outside}, which are not daily jobs")
    return daily
