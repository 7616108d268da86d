package com.flownurture.enrollments;

/** An enrollment's status: ACTIVE while it runs, then how it ended. */
public enum EnrollmentStatus {
    ACTIVE, COMPLETED, EXITED, FAILED;

    /** The names, as the API spells them. */
    public static java.util.List<String> names() {
        return java.util.Arrays.stream(values()).map(Enum::name).toList();
    }
}
