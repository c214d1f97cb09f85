-- Closed OHLCV bars, written by the history writer (services/stream-processor/DESIGN.md "Bars in PostgreSQL").
-- The key is the bar's identity: symbol, interval and window start, exactly the three values its deterministic
-- event id (BarIds) is made of, so a bar written again after a restart or replay meets its own row and is skipped.
-- Fixed-width columns come first so rows need no alignment padding.
-- Partitions are created and dropped by the service (CandlePartitions): one per UTC day under each interval's table.
CREATE TABLE IF NOT EXISTS market_candles (
    window_start     TIMESTAMPTZ    NOT NULL,
    trade_count      BIGINT         NOT NULL,
    event_id         UUID           NOT NULL,
    interval_seconds INTEGER        NOT NULL,
    symbol           VARCHAR(20)    NOT NULL,
    open             NUMERIC(20, 8) NOT NULL,
    high             NUMERIC(20, 8) NOT NULL,
    low              NUMERIC(20, 8) NOT NULL,
    close            NUMERIC(20, 8) NOT NULL,
    volume           NUMERIC(20, 8) NOT NULL,
    vwap             NUMERIC(20, 8) NOT NULL,
    PRIMARY KEY (symbol, interval_seconds, window_start)
) PARTITION BY LIST (interval_seconds);

-- 1 s bars are 60 times as many as 1 min bars: a table of their own, with a retention of its own.
CREATE TABLE IF NOT EXISTS market_candles_1s PARTITION OF market_candles
    FOR VALUES IN (1) PARTITION BY RANGE (window_start);
CREATE TABLE IF NOT EXISTS market_candles_1m PARTITION OF market_candles
    FOR VALUES IN (60) PARTITION BY RANGE (window_start);

-- 5 min, 1 h and 1 day bars aggregated from the stored 1 min bars (5 min from 1 min, 1 h from 5 min, 1 day from 1 h).
-- notional = sum of vwap x volume of the 1 min bars, exact, so every level's VWAP is the one of its 1 min bars.
CREATE TABLE IF NOT EXISTS market_candle_rollups (
    LIKE market_candles INCLUDING DEFAULTS,
    notional         NUMERIC        NOT NULL,
    PRIMARY KEY (symbol, interval_seconds, window_start)
) PARTITION BY RANGE (window_start);
