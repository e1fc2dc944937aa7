-- Schemas of the lake. raw: what ingestion writes, append-only. ref: reference data.
CREATE SCHEMA IF NOT EXISTS lake.raw;
CREATE SCHEMA IF NOT EXISTS lake.ref;
