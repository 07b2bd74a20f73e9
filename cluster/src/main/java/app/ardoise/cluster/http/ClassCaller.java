package app.ardoise.cluster.http;


/** Who asks for a class's documents: one of its teachers (or the operator), one of its students, or nobody it admits. */
sealed interface ClassCaller {
    record Teacher() implements ClassCaller {
    }

    record Student() implements ClassCaller {
    }

    record Refused(ProblemType type, String message) implements ClassCaller {
    }
}
