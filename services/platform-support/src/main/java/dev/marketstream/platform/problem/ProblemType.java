package dev.marketstream.platform.problem;

import java.util.Optional;

/**
 * The kinds of problem every MarketStream API answers with, one per HTTP status it uses. Each has a stable type URI
 * ({@code https://marketstream.dev/problems/<slug>}) a client can switch on, and a default title.
 */
public enum ProblemType {
    INVALID_REQUEST(400, "invalid-request", "Invalid request"),
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not found"),
    CONFLICT(409, "conflict", "Conflict"),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
    INTERNAL(500, "internal", "Internal error"),
    UNAVAILABLE(503, "unavailable", "Service unavailable");

    static final String BASE_URI = "https://marketstream.dev/problems/";

    private final int status;
    private final String uri;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.uri = BASE_URI + slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    /** The listed type of an HTTP status, if it has one. */
    static Optional<ProblemType> ofStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
