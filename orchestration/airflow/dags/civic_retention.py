"""Daily retention: `civic maintain` deletes (or anonymises) the rows older than each table's
retention in the register of personal data, deletes the outbox's exports as old, expires snapshots
and orphan files on every table of the lake, then compacts (docs/privacy.md, "Retention").

At 05:30, after the daily batch (03:00) and apart from the hourly maintenance (on the hour), so the batch's tables are not rewritten under it. Not
date-based, so no catch-up: each run enforces retention for its own day, which covers the days
missed before it.
"""

from __future__ import annotations

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, CronTriggerTimetable

import civic_common as civic

with DAG(
    dag_id="civic_retention",
    description="Retention of personal data, snapshot expiry on every table, compaction (civic maintain)",
    schedule=CronTriggerTimetable("30 5 * * *", timezone=civic.ZONE),
    start_date=civic.start_date(),
    catchup=False,
    max_active_runs=1,
    max_active_tasks=1,
    default_args=civic.task_defaults(civic.batch_timeout()),
    tags=["civic", "maintenance", "privacy"],
    doc_md=__doc__,
) as dag:
    BashOperator(task_id="maintain", bash_command=f"{civic.CIVIC} maintain --triggered-by airflow")
