-- The product spec's processed_at, derived from the status and the time of its last change
-- (docs/architecture.md "Database schema").
ALTER TABLE event_processing_log
    ADD COLUMN IF NOT EXISTS processed_at TIMESTAMPTZ GENERATED ALWAYS AS (CASE WHEN status = 'processed' THEN updated_at END) STORED;
