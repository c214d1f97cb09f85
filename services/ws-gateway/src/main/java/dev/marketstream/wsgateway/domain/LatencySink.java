package dev.marketstream.wsgateway.domain;

import dev.marketstream.wsgateway.protocol.DataType;

/** Takes the age of each market record at fan-out, per data type (the Prometheus histogram; see {@code GatewayMetrics}). */
@FunctionalInterface
public interface LatencySink {

    LatencySink NONE = (type, micros) -> { };

    void record(DataType type, long micros);
}
