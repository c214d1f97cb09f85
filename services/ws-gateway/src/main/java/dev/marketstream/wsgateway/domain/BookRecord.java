package dev.marketstream.wsgateway.domain;

/**
 * What a connection needs to know of an order-book record to deliver it correctly.
 *
 * @param bookSeq the record's book sequence: per symbol, +1 per record
 * @param snapshot whether it is the whole book (a SNAPSHOT, which replaces it) or only the changed levels (a DELTA)
 */
public record BookRecord(long bookSeq, boolean snapshot) {
}
