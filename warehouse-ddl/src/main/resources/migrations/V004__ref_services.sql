-- The service catalogue (common/src/main/resources/catalogue/services.csv), reloaded by
-- `civic ddl migrate` whenever it runs.
CREATE TABLE IF NOT EXISTS lake.ref.services (
    service_code       varchar,
    name               varchar,
    area               varchar,
    deadline_days      integer,
    deadline_kind      varchar,
    channels           array(varchar),
    available_online   boolean,
    catalogue_version  integer
)
WITH (format = 'PARQUET');
