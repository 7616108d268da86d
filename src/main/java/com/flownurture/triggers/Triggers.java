package com.flownurture.triggers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.flownurture.changes.Change;
import com.flownurture.changes.ChangeListener;
import com.flownurture.common.Signal;
import com.flownurture.db.Tx;
import com.flownurture.enrollments.Enrollment;
import com.flownurture.enrollments.EnrollmentRepository;
import com.flownurture.enrollments.EnrollmentStatus;
import com.flownurture.workflows.Automation;
import com.flownurture.workflows.When;
import com.flownurture.workflows.Workflow;
import com.flownurture.workflows.WorkflowListener;
import com.flownurture.workflows.WorkflowRepository;
import com.flownurture.workflows.WorkflowStatus;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Workflows that start and stop themselves. Hears every change inside the transaction that makes it and, for the
 * contact it is about: ends the active enrollments whose goal it meets ({@code COMPLETED}, {@code goalReachedAt})
 * or whose exit condition it is ({@code EXITED}), then enrolls the contact in every ACTIVE workflow whose trigger
 * it matches, respecting re-entry and "never two ACTIVE enrollments of one contact in one workflow"; an event also
 * wakes the contact's enrollments waiting for it (WAIT_FOR_EVENT). So a
 * triggering write and its enrollment commit together, or neither does.
 *
 * <p>Cheap when nothing reacts: the ACTIVE workflows with a trigger, goals or exits are cached per organization
 * (invalidated whenever one of its workflows is saved, and re-read every 10 s for saves by another process), so a
 * write in an organization without any costs one cache lookup. Thread-safe.
 */
public final class Triggers implements ChangeListener, WorkflowListener {

    private final WorkflowRepository workflows;
    private final EnrollmentRepository enrollments;
    private final Happenings happenings;
    private final Signal engine;
    /** Re-read at least this often, for a workflow saved by another server process sharing the database. */
    private static final java.time.Duration STALE_AFTER = java.time.Duration.ofSeconds(10);
    private final Cache<String, List<Workflow>> reacting = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(STALE_AFTER).build();

    /**
     * @param happenings what a change means for the conditions (segment membership included)
     * @param engine     woken when an enrollment is made, so its first step starts at once
     */
    public Triggers(WorkflowRepository workflows, EnrollmentRepository enrollments, Happenings happenings,
                    Signal engine) {
        this.workflows = workflows;
        this.enrollments = enrollments;
        this.happenings = happenings;
        this.engine = engine;
    }

    @Override
    public void onChange(Tx tx, Change change) {
        if (change instanceof Change.EnrollmentChanged || change instanceof Change.MessageChanged
                || change instanceof Change.ContactDeleted) {
            return;
        }
        if (change instanceof Change.EventReceived event
                && enrollments.wakeWaiting(tx, event.contactId(), event.name()) > 0) {
            engine.wake();
        }
        List<Workflow> automated = reacting(tx, change.orgId());
        if (automated.isEmpty()) {
            return;
        }
        List<When> happened = happenings.of(tx, change, automated);
        if (!happened.isEmpty()) {
            react(tx, change.orgId(), change.contactId(), happened, automated,
                    change instanceof Change.EventReceived event ? event.eventId() : null);
        }
    }

    /**
     * Ends and starts enrollments for what happened to a contact (a change, or a segment sweep).
     *
     * @param eventId the event that happened, remembered on the enrollments it starts, or null
     */
    void react(Tx tx, String orgId, String contactId, List<When> happened, List<Workflow> automated,
               String eventId) {
        end(tx, contactId, happened, automated);
        for (Workflow workflow : automated) {
            Automation a = workflow.automation();
            if (workflow.steps().isEmpty() || happened.stream().noneMatch(h -> matches(a.trigger(), h))) {
                continue;
            }
            boolean again = a.reentry() == Automation.Reentry.AFTER_EXIT;
            if (!enrollments.enrolled(tx, workflow.id(), contactId, again)) {
                enrollments.insert(tx, workflow, contactId, eventId);
                engine.wake();
            }
        }
    }

    /** The workflows of an organization that react to writes (cached). */
    List<Workflow> reacting(Tx tx, String orgId) {
        return reacting.get(orgId, org -> workflows.automated(tx, org));
    }

    private void end(Tx tx, String contactId, List<When> happened, List<Workflow> automated) {
        boolean mayEnd = automated.stream().anyMatch(w -> !w.automation().goals().isEmpty()
                || !w.automation().exitOn().isEmpty());
        if (!mayEnd) {
            return;
        }
        for (Enrollment e : enrollments.activeOf(tx, contactId)) {
            Optional<Workflow> workflow = automated.stream().filter(w -> w.id().equals(e.workflowId())).findFirst();
            if (workflow.isEmpty()) {
                continue;
            }
            Automation a = workflow.get().automation();
            Optional<When> goal = first(a.goals(), happened);
            if (goal.isPresent()) {
                enrollments.end(tx, e, EnrollmentStatus.COMPLETED, "GOAL", "goal reached: " + goal.get().toJson());
                continue;
            }
            first(a.exitOn(), happened).ifPresent(exit -> enrollments.end(tx, e, EnrollmentStatus.EXITED, "EXIT",
                    "exit condition: " + exit.toJson()));
        }
    }

    private static Optional<When> first(List<When> conditions, List<When> happened) {
        return conditions.stream().filter(c -> happened.stream().anyMatch(h -> matches(c, h))).findFirst();
    }

    /** Whether what happened meets a condition: the same happening; a FIELD_CHANGED without value meets any value. */
    static boolean matches(When condition, When happened) {
        if (condition instanceof When.FieldChanged c && happened instanceof When.FieldChanged h) {
            return c.field().equals(h.field()) && (c.value() == null || c.value().equals(h.value()));
        }
        return condition.equals(happened);
    }

    @Override
    public void onSaved(Tx tx, Workflow before, Workflow after) {
        reacting.invalidate((after == null ? before : after).orgId());
        if (after != null && after.status() == WorkflowStatus.ACTIVE) {
            happenings.watch(tx, after);
        }
    }

    @Override
    public void committed(String orgId) {
        reacting.invalidate(orgId);
    }

    /** All conditions of the reacting workflows, for what a change must be checked against. */
    static List<When> conditions(List<Workflow> automated) {
        List<When> all = new ArrayList<>();
        automated.forEach(w -> w.automation().conditions().forEach(all::add));
        return all;
    }
}
