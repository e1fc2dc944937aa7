-- A person's story: one row per interaction event (raw.interactions), with a readable description
-- and, for an event that names a case, the case's service level as of the last `sla` batch run
-- (mart.case_sla). No order of its own: ask for one person, oldest first, with
--   WHERE citizen_key = ? ORDER BY event_time_utc        (or person_key / anonymous_id = ?)
-- An event stored twice (a copy re-sent after the ingest job's de-duplication window) is read once,
-- the copy ingested first, as the batch jobs do. Copies carry the same identity (the same fiscal code
-- gives the same key), so partitioning by citizen_key and anonymous_id as well changes nothing but
-- lets Trino push a filter on the person below the numbering instead of numbering the whole table.
CREATE OR REPLACE VIEW lake.reporting.citizen_story AS
SELECT
    coalesce(e.citizen_key, e.anonymous_id) AS person_key,
    e.citizen_key,
    e.anonymous_id,
    e.event_id,
    CAST(e.event_time AT TIME ZONE 'Europe/Rome' AS timestamp(6)) AS event_time_local,
    e.event_time AS event_time_utc,
    e.event_type,
    CASE e.event_type
        WHEN 'contact_call' THEN 'Telefonata'
        WHEN 'contact_chat' THEN 'Chat'
        WHEN 'contact_visit' THEN 'Visita allo sportello'
        WHEN 'contact_email' THEN 'E-mail'
        WHEN 'case_opened' THEN 'Pratica aperta'
        WHEN 'case_status_changed' THEN 'Pratica: cambio di stato'
        WHEN 'case_suspended' THEN 'Pratica sospesa'
        WHEN 'case_resumed' THEN 'Pratica ripresa'
        WHEN 'case_resolved' THEN 'Pratica conclusa'
        WHEN 'case_closed' THEN 'Pratica chiusa'
        WHEN 'case_reopened' THEN 'Pratica riaperta'
        WHEN 'online_service_started' THEN 'Servizio online iniziato'
        WHEN 'online_service_completed' THEN 'Servizio online completato'
        WHEN 'online_service_abandoned' THEN 'Servizio online abbandonato'
        WHEN 'payment_made' THEN 'Pagamento'
        WHEN 'notification_sent' THEN 'Notifica inviata'
        WHEN 'notification_opened' THEN 'Notifica letta'
        WHEN 'feedback_given' THEN 'Feedback'
        WHEN 'knowledge_article_viewed' THEN 'Pagina informativa letta'
        ELSE e.event_type
    END || coalesce(' (' || nullif(array_join(ARRAY[   -- array_join skips the nulls: only the details present
        'stato: ' || e.case_status,
        'attesa ' || CASE WHEN e.wait_seconds < 60 THEN CAST(e.wait_seconds AS varchar) || ' s'
                          ELSE CAST((e.wait_seconds + 30) / 60 AS varchar) || ' min' END,
        'esito: ' || e.outcome,
        CAST(e.amount_eur AS varchar) || ' EUR',
        'CSAT ' || CAST(e.csat AS varchar),
        'NPS ' || CAST(e.nps AS varchar)], ', '), '') || ')', '') AS description,
    e.channel,
    e.service_code,
    s.name AS service_name,
    e.municipio,
    e.case_id,
    e.case_status,
    x.sla_status,
    x.due_date   AS sla_due_date,
    x.as_of_date AS sla_as_of_date,
    e.outcome,
    e.wait_seconds,
    e.handle_seconds,
    e.amount_eur,
    e.csat,
    e.nps,
    e.feedback_text,
    e.language
FROM (
    SELECT i.event_id, i.event_type, i.event_time, i.channel, i.service_code, i.municipio, i.citizen_key,
           i.anonymous_id, i.case_id, i.case_status, i.language, i.wait_seconds, i.handle_seconds, i.outcome,
           i.csat, i.nps, i.feedback_text, i.amount_eur,
           row_number() OVER (PARTITION BY i.event_id, i.citizen_key, i.anonymous_id ORDER BY i.ingested_at) AS copy_no
    FROM lake.raw.interactions i
) e
LEFT JOIN lake.ref.services s ON s.service_code = e.service_code
LEFT JOIN lake.mart.case_sla x ON x.case_id = e.case_id
WHERE e.copy_no = 1
