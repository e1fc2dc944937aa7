"""The daily outreach export to the CRM: `civic outreach run --date {{ ds }}` at 05:00 Europe/Rome.

It must not export when the day's batch failed. The job itself refuses when segments has no ok run
for the date in meta.job_runs (recorded 'skipped', exit 1), so the task fails and its retries
wait for a late batch. That check reads the lake, not Airflow's database, so it holds whoever ran
the batch (this Airflow, the built-in scheduler, a data engineer's rerun by hand); an
ExternalTaskSensor on civic_daily_batch would block an export after a manual rerun and pass one
after a task marked success by hand. No catch-up: an export sends messages to citizens, so after a
pause only the latest date is exported (its delta covers the changes of the missed days).
"""

from __future__ import annotations

from datetime import timedelta

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, CronDataIntervalTimetable

import civic_common as civic

with DAG(
    dag_id="civic_outreach",
    description="The campaigns' lists and their export to the CRM, after the daily batch",
    # the 05:00 run on D+1 covers D, as the batch's 03:00 run does
    schedule=CronDataIntervalTimetable("0 5 * * *", timezone=civic.ZONE),
    start_date=civic.start_date(),
    catchup=False,
    max_active_runs=1,
    max_active_tasks=1,
    default_args=civic.task_defaults(timedelta(hours=1)),
    tags=["civic", "outreach"],
    doc_md=__doc__,
) as dag:
    BashOperator(
        task_id="outreach",
        bash_command=f"{civic.CIVIC} outreach run --date {{{{ ds }}}} --triggered-by airflow",
    )
