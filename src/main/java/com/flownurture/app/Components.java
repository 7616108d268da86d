package com.flownurture.app;

import java.time.Clock;
import java.util.List;

import com.flownurture.auth.ApiKeys;
import com.flownurture.changes.Changes;
import com.flownurture.common.Signal;
import com.flownurture.common.TargetPolicy;
import com.flownurture.config.AppConfig;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.db.Database;
import com.flownurture.enrollments.EnrollmentClaims;
import com.flownurture.enrollments.EnrollmentRepository;
import com.flownurture.idempotency.SealedResponses;
import com.flownurture.instances.Instances;
import com.flownurture.messages.MessageRepository;
import com.flownurture.messages.SealedMessages;
import com.flownurture.orgs.Organizations;
import com.flownurture.orgs.SealedOrganizations;
import com.flownurture.secrets.SealedTable;
import com.flownurture.secrets.SecretBox;
import com.flownurture.secrets.SecretKeys;
import com.flownurture.secrets.StoredSecrets;
import com.flownurture.segments.SegmentMembers;
import com.flownurture.segments.SegmentRepository;
import com.flownurture.suppressions.SuppressionRepository;
import com.flownurture.tags.TagRepository;
import com.flownurture.triggers.Happenings;
import com.flownurture.triggers.SegmentSweep;
import com.flownurture.triggers.Triggers;
import com.flownurture.webhooks.SealedSubscriptions;
import com.flownurture.workflows.WorkflowRepository;

/**
 * The database and the repositories over it, wired once. Shared by the server and the command-line tools; the
 * engine gets narrow ports over these ({@link EnginePorts}), never the whole set.
 */
public record Components(Database db, Clock clock, Changes changes, Organizations orgs, ApiKeys keys,
                         ContactRepository contacts, TagRepository tags, WorkflowRepository workflows,
                         SegmentRepository segments, EnrollmentRepository enrollments, EnrollmentClaims claims,
                         MessageRepository messages, SuppressionRepository suppressions, Triggers triggers,
                         SegmentSweep sweep, Signal engineWakeup, Signal outboxWakeup, Instances instances,
                         SecretBox secrets)
        implements AutoCloseable {

    /**
     * Opens (and migrates) the database, checks that the secret key opens its stored secrets, and wires the
     * repositories.
     */
    public static Components open(AppConfig config, Clock clock) {
        SecretBox secrets = new SecretBox(SecretKeys.load(config.secrets(), config.database().path()));
        Database db = Database.open(config.database());
        try {
            new StoredSecrets(db, secrets, clock, sealedTables(db)).startUp();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        // Registered and beating only while serving (App); the claims made here carry its id.
        Instances instances = new Instances(db);
        Changes changes = new Changes();
        ContactRepository contacts = new ContactRepository(db, clock, changes);
        WorkflowRepository workflows = new WorkflowRepository(db, clock,
                new TargetPolicy(config.webhooks().allowPrivateTargets()));
        Signal engineWakeup = new Signal();
        EnrollmentRepository enrollments = new EnrollmentRepository(db, clock, changes, contacts, workflows,
                engineWakeup);
        // Archiving a workflow ends its enrollments: the enrollments' rule, heard in the archiving transaction.
        workflows.subscribe(enrollments);
        SegmentRepository segments = new SegmentRepository(db, clock);
        SuppressionRepository suppressions = new SuppressionRepository(db, clock, contacts, config.suppression());
        Happenings happenings = new Happenings(new SegmentMembers(db, clock, segments));
        Triggers triggers = new Triggers(workflows, enrollments, happenings, engineWakeup);
        // Workflows start and stop themselves: triggers hear every write, and every workflow saved.
        changes.subscribe(triggers);
        workflows.subscribe(triggers);
        return new Components(db, clock, changes, new Organizations(db, clock, secrets), new ApiKeys(db, clock),
                contacts,
                new TagRepository(db, clock, changes), workflows, segments, enrollments,
                new EnrollmentClaims(db, clock, changes, instances.id()),
                new MessageRepository(db, clock, changes, suppressions, instances.id(), secrets), suppressions,
                triggers, new SegmentSweep(db, workflows, triggers, happenings), engineWakeup, new Signal(), instances,
                secrets);
    }

    /** Every table with sealed columns, each from its owner: what sealing at start-up and a key rotation cover. */
    public static List<SealedTable> sealedTables(Database db) {
        return List.of(new SealedOrganizations(db), new SealedSubscriptions(db), new SealedMessages(db),
                new SealedResponses(db));
    }

    @Override
    public void close() {
        sweep.close();
        db.close();
    }
}
