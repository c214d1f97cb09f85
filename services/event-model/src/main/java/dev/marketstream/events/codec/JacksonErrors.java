package dev.marketstream.events.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.marketstream.events.codec.EventValidationException.Code;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/** Turns Jackson's exceptions into {@link EventValidationException}s that name the field in JSON-path form. */
final class JacksonErrors {

    private JacksonErrors() {
    }

    /** Errors of plain parsing, where no field is bound yet: always malformed JSON. */
    static EventValidationException translateSyntax(Exception e) {
        if (e instanceof StreamReadException sre) {
            return translate(sre);
        }
        return new EventValidationException(Code.MALFORMED_JSON, "$", firstLine(e.getMessage()));
    }

    static EventValidationException translate(Exception e) {
        if (e instanceof IllegalArgumentException && e.getCause() instanceof Exception cause) {
            return translate(cause); // treeToValue wraps its errors
        }
        if (e instanceof ValueInstantiationException vie && vie.getCause() instanceof EventValidationException inner) {
            return inner.under(path(vie.getPath()));
        }
        if (e instanceof UnrecognizedPropertyException upe) {
            return new EventValidationException(Code.UNKNOWN_FIELD, path(upe.getPath()),
                    "is not a known field; known fields are " + upe.getKnownPropertyIds());
        }
        if (e instanceof InvalidFormatException ife) {
            return EventValidationException.invalid(path(ife.getPath()), describeInvalid(ife));
        }
        if (e instanceof MismatchedInputException mie) {
            return EventValidationException.invalid(path(mie.getPath()), "must be " + describe(mie.getTargetType()));
        }
        if (e instanceof JsonMappingException jme) {
            return EventValidationException.invalid(path(jme.getPath()), firstLine(jme.getOriginalMessage()));
        }
        if (e instanceof StreamReadException sre) {
            String where = sre.getLocation() == null ? ""
                    : " at line " + sre.getLocation().getLineNr() + ", column " + sre.getLocation().getColumnNr();
            return new EventValidationException(Code.MALFORMED_JSON, parserPath(sre), firstLine(sre.getOriginalMessage()) + where);
        }
        return new EventValidationException(Code.MALFORMED_JSON, "$", firstLine(e.getMessage()));
    }

    private static String describeInvalid(InvalidFormatException e) {
        Class<?> target = e.getTargetType();
        if (target != null && target.isEnum()) {
            List<String> names = Arrays.stream(target.getEnumConstants()).map(c -> {
                try {
                    var annotation = target.getField(((Enum<?>) c).name()).getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                    return annotation == null ? ((Enum<?>) c).name() : annotation.value();
                } catch (NoSuchFieldException ex) {
                    return ((Enum<?>) c).name();
                }
            }).toList();
            return "'" + e.getValue() + "' is not one of " + names;
        }
        return "'" + e.getValue() + "' is not " + describe(target);
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == BigDecimal.class || type == BigInteger.class || Number.class.isAssignableFrom(type)
                || type == double.class || type == float.class) {
            return "a finite number";
        }
        if (type == long.class || type == int.class) {
            return "an integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 instant such as 2026-01-31T14:30:00.123Z";
        }
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "$" : path.toString();
    }

    /** The field a syntax error happened in, from the parser's context stack. */
    private static String parserPath(StreamReadException sre) {
        JsonParser parser = sre.getProcessor();
        if (parser == null) {
            return "$";
        }
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext ctx = parser.getParsingContext(); ctx != null && !ctx.inRoot(); ctx = ctx.getParent()) {
            if (ctx.inObject() && ctx.getCurrentName() != null) {
                parts.addFirst("." + ctx.getCurrentName());
            } else if (ctx.inArray()) {
                parts.addFirst("[" + Math.max(ctx.getCurrentIndex(), 0) + "]");
            }
        }
        String path = String.join("", parts);
        return path.isEmpty() ? "$" : path.startsWith(".") ? path.substring(1) : path;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "cannot be read";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
