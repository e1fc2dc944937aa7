"""Writes, as JSON, what Airflow's own DagBag makes of a DAG folder: import errors, and for each DAG
its settings and task graph (task id -> upstream task ids), for the Java integration test to check.

Usage: python dag_report.py DAGS_FOLDER REPORT_JSON (a file: Airflow logs to stdout)
"""

import json
import sys

from airflow.dag_processing.dagbag import BundleDagBag


def seconds(delta):
    return None if delta is None else delta.total_seconds()


def main(folder, report):
    # as the dag-processor parses a bundle: its folder on sys.path, so the DAGs share civic_common
    bag = BundleDagBag(dag_folder=folder, bundle_path=folder, bundle_name="dags-folder")
    dags = {}
    for dag_id, dag in bag.dags.items():
        dag.check_cycle()  # DagBag checks it too: an error here means a cycle slipped past it
        dags[dag_id] = {
            "fileloc": dag.fileloc,
            "timetable": type(dag.timetable).__name__,
            "cron": dag.timetable.expression,
            "timezone": dag.timetable.timezone.name,
            "catchup": dag.catchup,
            "max_active_runs": dag.max_active_runs,
            "max_active_tasks": dag.max_active_tasks,
            "tasks": {
                t.task_id: {
                    "upstream": sorted(t.upstream_task_ids),
                    "operator": type(t).__name__,
                    "command": getattr(t, "bash_command", None),
                    "retries": t.retries,
                    "retry_delay": seconds(t.retry_delay),
                    "execution_timeout": seconds(t.execution_timeout),
                    "depends_on_past": t.depends_on_past,
                }
                for t in dag.tasks
            },
        }
    with open(report, "w", encoding="utf-8") as out:
        json.dump({"import_errors": bag.import_errors, "dags": dags}, out, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
