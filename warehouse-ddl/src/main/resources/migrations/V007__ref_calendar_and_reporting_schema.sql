-- Rome's business calendar as a table (common's BusinessCalendar: national holidays, Easter Monday,
-- 29 June), reloaded by `civic ddl migrate` when the calendar rules change. working_day_index lets
-- SQL count working days: working days in (a, b] = index(b) - index(a).
CREATE TABLE IF NOT EXISTS lake.ref.calendar (
    calendar_date      date,
    is_working_day     boolean,
    holiday_name       varchar,
    day_of_week        integer,
    working_day_index  integer,
    calendar_version   varchar
)
WITH (format = 'PARQUET');

-- Views for analysts and dashboards: local-time (Europe/Rome) timestamp(6) columns. They are
-- (re)created by `civic ddl migrate` and after each `civic batch run` (warehouse-ddl views/).
CREATE SCHEMA IF NOT EXISTS lake.reporting;
