package com.flownurture.app;

import java.time.Clock;

import com.flownurture.auth.ApiKeys;
import com.flownurture.changes.Changes;
import com.flownurture.common.TargetPolicy;
import com.flownurture.config.AppConfig;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.db.Database;
import com.flownurture.engine.Signal;
import com.flownurture.enrollments.EnrollmentRepository;
import com.flownurture.orgs.Organizations;
import com.flownurture.segments.SegmentRepository;
import com.flownurture.tags.TagRepository;
import com.flownurture.workflows.WorkflowRepository;

/**
 * The database and the repositories over it, wired once. Shared by the server and the command-line tools.
 */
public record Components(Database db, Clock clock, Changes changes, Organizations orgs, ApiKeys keys, ContactRepository contacts,
                         TagRepository tags, WorkflowRepository workflows, SegmentRepository segments,
                         EnrollmentRepository enrollments, Signal engineWakeup, Signal outboxWakeup)
        implements AutoCloseable {

    /** Opens (and migrates) the database and wires the repositories. */
    public static Components open(AppConfig config, Clock clock) {
        Database db = Database.open(config.database());
        Changes changes = new Changes();
        ContactRepository contacts = new ContactRepository(db, clock, changes);
        WorkflowRepository workflows = new WorkflowRepository(db, clock,
                new TargetPolicy(config.webhooks().allowPrivateTargets()));
        Signal engineWakeup = new Signal();
        return new Components(db, clock, changes, new Organizations(db, clock), new ApiKeys(db, clock), contacts,
                new TagRepository(db, clock, changes), workflows, new SegmentRepository(db, clock),
                new EnrollmentRepository(db, clock, contacts, workflows, engineWakeup), engineWakeup, new Signal());
    }

    @Override
    public void close() {
        db.close();
    }
}
