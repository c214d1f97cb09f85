-- Bars rebuilt from market-data-raw by an audit replay (AuditReplayer), one set per job, to compare with the stored
-- history. Small and short-lived: the writer's maintenance deletes jobs older than 7 days.
CREATE TABLE IF NOT EXISTS market_candle_audit (
    job_id     UUID        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    LIKE market_candles INCLUDING DEFAULTS,
    PRIMARY KEY (job_id, symbol, interval_seconds, window_start)
);
