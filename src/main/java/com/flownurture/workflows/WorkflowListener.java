package com.flownurture.workflows;

import io.helidon.dbclient.DbExecute;

/**
 * Hears a workflow's status change inside the transaction that saves it, so a rule that follows from it (archiving
 * ends the workflow's enrollments) commits with it. The rules live with the tables they write, not here.
 */
@FunctionalInterface
public interface WorkflowListener {

    /**
     * @param before the workflow as it was
     * @param after  the workflow as saved
     */
    void onStatusChanged(DbExecute tx, Workflow before, Workflow after);
}
