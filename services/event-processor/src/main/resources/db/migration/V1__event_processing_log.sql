-- One row per user event the event-processor has taken from Kafka: where it came from, where it is
-- now, how often delivery failed and the last error. Written in batches by ProcessingLogWriter.
CREATE TABLE IF NOT EXISTS event_processing_log (
    event_id        UUID         PRIMARY KEY,
    event_type      VARCHAR(64)  NOT NULL,
    source_topic    VARCHAR(249) NOT NULL,
    partition_key   VARCHAR(255) NOT NULL,
    status          VARCHAR(16)  NOT NULL
        CONSTRAINT event_processing_log_status_check
        CHECK (status IN ('pending', 'processed', 'failed', 'dead_lettered')),
    retry_count     INTEGER      NOT NULL DEFAULT 0
        CONSTRAINT event_processing_log_retry_count_check CHECK (retry_count >= 0),
    error_message   TEXT,
    stream_entry_id VARCHAR(64),
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Operators look for what is stuck or failed, newest first.
CREATE INDEX IF NOT EXISTS event_processing_log_status_updated_idx
    ON event_processing_log (status, updated_at DESC);
-- Audit: one user's (or one notification's) events over time.
CREATE INDEX IF NOT EXISTS event_processing_log_key_created_idx
    ON event_processing_log (partition_key, created_at);
