package dev.marketstream.wsgateway.domain;

import dev.marketstream.wsgateway.protocol.DataType;

/** One market stream: a symbol and a data type. Its name on the wire is {@code SYMBOL:type}. */
public record StreamKey(String symbol, DataType type) {

    public String wireName() {
        return symbol + ":" + type.wireName();
    }
}
