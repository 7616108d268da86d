package com.flownurture.workflows;

/** A workflow's status. Only an ACTIVE workflow runs (and, with a trigger, enrolls by itself). */
public enum WorkflowStatus {
    DRAFT, ACTIVE, PAUSED, ARCHIVED;

    /** The names, as the API spells them. */
    public static java.util.List<String> names() {
        return java.util.Arrays.stream(values()).map(Enum::name).toList();
    }
}
