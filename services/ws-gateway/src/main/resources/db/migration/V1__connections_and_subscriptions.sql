-- WebSocket connections and stream subscriptions of the ws-gateway (PostgreSQL).
-- Written on connect, subscribe, unsubscribe and disconnect in batches; heartbeats are one UPDATE per pod per interval.

CREATE TABLE websocket_connections (
    id                VARCHAR(64)  PRIMARY KEY,
    user_id           VARCHAR(128) NOT NULL,
    session_id        VARCHAR(64)  NOT NULL,
    pod_id            VARCHAR(128) NOT NULL,
    remote_address    VARCHAR(128),
    status            VARCHAR(16)  NOT NULL DEFAULT 'connected' CHECK (status IN ('connected', 'disconnected')),
    connected_at      TIMESTAMPTZ  NOT NULL,
    last_heartbeat_at TIMESTAMPTZ  NOT NULL,
    disconnected_at   TIMESTAMPTZ,
    close_code        INTEGER,
    close_reason      VARCHAR(200)
);

CREATE INDEX idx_websocket_connections_user_id ON websocket_connections (user_id);
CREATE INDEX idx_websocket_connections_session_id ON websocket_connections (session_id);
CREATE INDEX idx_websocket_connections_open_by_pod ON websocket_connections (pod_id) WHERE status = 'connected';

-- Subscriptions of a connection (connection_id set, persistent false) and persistent subscriptions
-- stored through the REST API (connection_id null, persistent true), applied on every connect of the user.
CREATE TABLE stream_subscriptions (
    id            UUID         PRIMARY KEY,
    user_id       VARCHAR(128) NOT NULL,
    connection_id VARCHAR(64)  REFERENCES websocket_connections (id) ON DELETE CASCADE,
    stream_type   VARCHAR(32)  NOT NULL CHECK (stream_type IN ('market_data', 'portfolio', 'alerts')),
    parameters    JSONB        NOT NULL DEFAULT '{}'::jsonb,
    persistent    BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    removed_at    TIMESTAMPTZ,
    CHECK (persistent = (connection_id IS NULL))
);

CREATE INDEX idx_stream_subscriptions_connection_id ON stream_subscriptions (connection_id) WHERE removed_at IS NULL;
CREATE INDEX idx_stream_subscriptions_persistent_user ON stream_subscriptions (user_id, created_at)
    WHERE persistent AND removed_at IS NULL;
