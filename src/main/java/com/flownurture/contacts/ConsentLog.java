package com.flownurture.contacts;

import com.flownurture.db.Tx;

/**
 * Where every change of a contact's consent is logged. The log is {@code consent}'s table, and {@code consent}
 * sits above this package, so it implements this and the composition root passes it in.
 */
public interface ConsentLog {

    /** Logs one change of a contact's consent inside {@code tx}; {@code ip} and {@code userAgent} may be null. */
    void record(Tx tx, String orgId, String contactId, Consent.Status status, String source, String ip,
                String userAgent, long at);
}
