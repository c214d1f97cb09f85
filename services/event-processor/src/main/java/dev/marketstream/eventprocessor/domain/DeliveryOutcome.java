package dev.marketstream.eventprocessor.domain;

/** What happened to one stream entry in one delivery attempt. */
public enum DeliveryOutcome {
    /** Appended to the history, published, recorded as delivered. */
    DELIVERED(true),
    /** Already delivered before (a redelivery); nothing done again. */
    DUPLICATE(true),
    /** An earlier event of the same key is not delivered yet; tried again later, not counted as a failure. */
    BLOCKED(false),
    /** Redis refused the delivery of this event (a key of the wrong type); becomes FAILED or DEAD_LETTERED. */
    REJECTED(false),
    /** Rejected (undecodable entry, Redis refused the write); counted, tried again later. */
    FAILED(false),
    /** Failed too often: moved to the dead-letter stream and acknowledged. */
    DEAD_LETTERED(false),
    /** Redis unreachable or the circuit open; not counted, tried again once Redis answers. */
    UNAVAILABLE(false);

    private final boolean acknowledge;

    DeliveryOutcome(boolean acknowledge) {
        this.acknowledge = acknowledge;
    }

    /** Whether the consumer XACKs the entry after this outcome (dead letters are acknowledged by the move itself). */
    public boolean acknowledge() {
        return acknowledge;
    }

    /** Whether the entry stays with this consumer to be tried again. */
    public boolean retry() {
        return this == BLOCKED || this == FAILED || this == UNAVAILABLE;
    }
}
