-- The product spec's is_active flags and per-connection subscriptions list (docs/architecture.md "Database schema").
-- Derived from what the gateway writes, so they can never disagree with it and cost no write.

ALTER TABLE websocket_connections
    ADD COLUMN IF NOT EXISTS is_active BOOLEAN GENERATED ALWAYS AS (status = 'connected') STORED;

ALTER TABLE stream_subscriptions
    ADD COLUMN IF NOT EXISTS is_active BOOLEAN GENERATED ALWAYS AS (removed_at IS NULL) STORED;

-- A connection with the subscriptions it holds now, as the spec's websocket_connections.subscriptions JSONB.
CREATE OR REPLACE VIEW websocket_connection_subscriptions AS
SELECT c.id AS connection_id,
       c.user_id,
       c.is_active,
       COALESCE(jsonb_agg(jsonb_build_object('stream_type', s.stream_type, 'parameters', s.parameters)
                          ORDER BY s.created_at) FILTER (WHERE s.id IS NOT NULL), '[]'::jsonb) AS subscriptions
FROM websocket_connections c
LEFT JOIN stream_subscriptions s ON s.connection_id = c.id AND s.removed_at IS NULL
GROUP BY c.id, c.user_id, c.is_active;
