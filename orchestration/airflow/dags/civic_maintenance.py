"""Hourly lake maintenance: `civic maintain --no-retention` compacts small files and expires old
snapshots through Trino. Retention (the register's periods) runs once a day, in civic_retention.

Not date-based, so no catch-up: after a pause, one run does what the missed ones would have.
"""

from __future__ import annotations

from datetime import timedelta

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, CronTriggerTimetable

import civic_common as civic

with DAG(
    dag_id="civic_maintenance",
    description="Compaction and snapshot expiry of the lake's tables (civic maintain)",
    schedule=CronTriggerTimetable("0 * * * *", timezone=civic.ZONE),
    start_date=civic.start_date(),
    catchup=False,
    max_active_runs=1,
    max_active_tasks=1,
    # under an hour, so a stuck run does not hold up the next one
    default_args=civic.task_defaults(timedelta(minutes=55)),
    tags=["civic", "maintenance"],
    doc_md=__doc__,
) as dag:
    BashOperator(task_id="maintain", bash_command=f"{civic.CIVIC} maintain --no-retention")
