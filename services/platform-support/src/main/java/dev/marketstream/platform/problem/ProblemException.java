package dev.marketstream.platform.problem;

/** A request an API refuses; {@link ProblemMappers} answers it with its problem document. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public static ProblemException invalid(String field, String detail) {
        return new ProblemException(Problem.invalid(field, detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(ProblemType.NOT_FOUND, detail));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(ProblemType.CONFLICT, detail));
    }

    public static ProblemException tooManyRequests(String detail) {
        return new ProblemException(Problem.of(ProblemType.TOO_MANY_REQUESTS, detail));
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of(ProblemType.UNAVAILABLE, detail));
    }

    public Problem problem() {
        return problem;
    }
}
