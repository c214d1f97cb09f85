package dev.marketstream.marketingest.domain;

import dev.marketstream.events.codec.EventValidationException;

/**
 * Why one item of a batch was refused.
 *
 * @param index position of the item in the batch, or -1 when the whole document is unusable
 * @param code the {@link EventValidationException.Code} name
 * @param field JSON path of the offending field relative to the document, such as {@code [2].price}
 * @param reason what is wrong, for a human
 */
public record ItemError(int index, String code, String field, String reason) {

    public static ItemError of(int index, EventValidationException e) {
        return new ItemError(index, e.code().name(), e.field(), e.reason());
    }
}
