package dev.marketstream.userevents.api;

/** A request the API refuses, turned into a problem document by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(int status, String title, String detail, String field) {
        super(detail);
        this.problem = Problem.of(status, title, detail, field);
    }

    public static ProblemException invalid(String field, String detail) {
        return new ProblemException(400, "Invalid request", field + ": " + detail, field);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail, null);
    }

    public Problem problem() {
        return problem;
    }
}
