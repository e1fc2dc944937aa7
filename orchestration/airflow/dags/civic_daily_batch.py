"""The daily batch: one task per daily job of the registry, its edges the jobs' needs.

Generated when the file is parsed from civic_jobs.json, which is `civic batch list --format json`
committed beside it (a batch-jobs test fails when it differs from the registry), so the graph is
never written twice. Each task runs `civic batch run <job> --date {{ ds }}`: the CLI records the run
in meta.job_runs and refuses a job whose upstream has no ok run for the date.

The run of 03:00 Europe/Rome on day D+1 covers the interval [D 03:00, D+1 03:00), so its ds is D,
the last complete day, as for `civic batch run all` (03:00 Rome is 01:00 or 02:00 UTC, so the UTC
date in ds is Rome's date). catchup=True runs every missed date, oldest first (max_active_runs=1);
depends_on_past keeps a job from running for a date while its previous date has not succeeded,
since a date's state builds on the previous one (fix and clear the failed date, the rest follows).
"""

from __future__ import annotations

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, CronDataIntervalTimetable

import civic_common as civic

with DAG(
    dag_id="civic_daily_batch",
    description="The daily Spark batch jobs of civic-insights, in the registry's dependency order",
    schedule=CronDataIntervalTimetable("0 3 * * *", timezone=civic.ZONE),
    start_date=civic.start_date(),
    catchup=True,
    max_active_runs=1,
    max_active_tasks=civic.max_active_tasks(),
    default_args={**civic.task_defaults(civic.batch_timeout()), "depends_on_past": True},
    tags=["civic", "batch"],
    doc_md=__doc__,
) as dag:
    jobs = civic.daily_jobs(civic.registry())
    tasks = {
        job["name"]: BashOperator(
            task_id=job["name"],
            bash_command=f"{civic.CIVIC} batch run {job['name']} --date {{{{ ds }}}} --triggered-by airflow",
            doc_md=f"{job['summary']}\n\nWrites: {', '.join(job['outputs'])}",
        )
        for job in jobs
    }
    for job in jobs:
        for upstream in job["needs"]:
            tasks[upstream] >> tasks[job["name"]]
