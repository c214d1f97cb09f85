package dev.marketstream.eventprocessor.domain;

/** An event's status in {@code event_processing_log}. */
public enum ProcessingStatus {
    PENDING("pending"),
    PROCESSED("processed"),
    FAILED("failed"),
    DEAD_LETTERED("dead_lettered");

    private final String column;

    ProcessingStatus(String column) {
        this.column = column;
    }

    /** The value stored in the {@code status} column. */
    public String column() {
        return column;
    }
}
