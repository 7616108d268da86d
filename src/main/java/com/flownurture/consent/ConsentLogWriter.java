package com.flownurture.consent;

import com.flownurture.common.Ids;
import com.flownurture.contacts.Consent;
import com.flownurture.contacts.ConsentLog;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;

/**
 * Writes the consent log ({@code consent_log}) for {@code contacts/ContactRepository}, which changes a contact's
 * consent and sits below this package; {@link ConsentRepository#log} reads it. Thread-safe.
 */
public final class ConsentLogWriter implements ConsentLog {

    private final Statement insert;

    public ConsentLogWriter(Database db) {
        this.insert = db.statement("consent-log-insert");
    }

    @Override
    public void record(Tx tx, String orgId, String contactId, Consent.Status status, String source, String ip,
                       String userAgent, long at) {
        tx.update(insert, Params.of("id", Ids.newId(), "org", orgId, "contact", contactId, "status", status.name(),
                "source", source, "ip", ip, "userAgent", userAgent, "now", at));
    }
}
