package dev.marketstream.streamprocessor.domain;

/**
 * What one DLQ re-drive did.
 *
 * @param examined dead letters read
 * @param redriven put back into their input topic
 * @param stillInvalid left in the DLQ because they are still not valid ticks
 * @param skipped left in the DLQ because they were re-driven too often or come from another topic
 */
public record RedriveReport(int examined, int redriven, int stillInvalid, int skipped) {

    public RedriveReport plus(RedriveReport other) {
        return new RedriveReport(examined + other.examined, redriven + other.redriven, stillInvalid + other.stillInvalid,
                skipped + other.skipped);
    }
}
