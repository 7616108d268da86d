package com.flownurture.workflows;

import com.flownurture.db.Tx;

/**
 * Hears a workflow being saved inside the transaction that saves it, so a rule that follows from it (archiving
 * ends the workflow's enrollments; triggers re-read what an organization's writes must be checked against) takes
 * effect with it. The rules live with the tables they write, not here.
 */
public interface WorkflowListener {

    /**
     * @param before the workflow as it was, or null for a new one
     * @param after  the workflow as saved, or null when deleted
     */
    void onSaved(Tx tx, Workflow before, Workflow after);

    /** After the save committed (or failed): what was read meanwhile may be out of date. */
    default void committed(String orgId) {
    }
}
