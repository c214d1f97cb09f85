-- Deleting connection rows cascades to their subscriptions: without an index on every row's connection_id, each deleted
-- connection scanned the whole table (the partial index only covers subscriptions not yet removed). The full index
-- serves both the cascade and the lookups of a connection's current subscriptions.
DROP INDEX IF EXISTS idx_stream_subscriptions_connection_id;
CREATE INDEX idx_stream_subscriptions_connection_id ON stream_subscriptions (connection_id);
