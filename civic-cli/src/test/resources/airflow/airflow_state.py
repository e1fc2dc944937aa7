"""Writes, as JSON, the runs, task instances, earlier tries and backfills of an Airflow metadata
database (SQLite), for the Java integration test to wait on and check. Reads the tables directly:
Python's sqlite3 starts in milliseconds where the airflow CLI takes seconds of CPU per call.

Usage: python airflow_state.py AIRFLOW_DB STATE_JSON
"""

import json
import sqlite3
import sys


def rows(db, sql):
    cursor = db.execute(sql)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def main(path, out):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    state = {
        "dag_runs": rows(db, "SELECT dag_id, run_id, run_type, logical_date, state, backfill_id FROM dag_run"),
        "task_instances": rows(
            db, "SELECT dag_id, run_id, task_id, state, try_number, start_date, end_date FROM task_instance"
        ),
        "earlier_tries": rows(
            db, "SELECT dag_id, run_id, task_id, state, try_number, start_date, end_date FROM task_instance_history"
        ),
        "backfills": rows(db, "SELECT id, dag_id, from_date, to_date, completed_at FROM backfill"),
        "backfill_dag_runs": rows(
            db, "SELECT backfill_id, dag_run_id, logical_date, exception_reason FROM backfill_dag_run"
        ),
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(state, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
