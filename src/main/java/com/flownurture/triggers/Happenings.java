package com.flownurture.triggers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.flownurture.changes.Change;
import com.flownurture.db.Tx;
import com.flownurture.segments.SegmentMembers;
import com.flownurture.workflows.When;
import com.flownurture.workflows.Workflow;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * What a change means in the terms of triggers, goals and exits: a tag added is {@code TAG_ADDED}, a changed field
 * {@code FIELD_CHANGED} with its new value, and any write may move its contact into or out of a watched segment
 * ({@code SEGMENT_ENTERED} / {@code SEGMENT_LEFT}). Only what some reacting workflow names is worked out: a
 * segment is evaluated only when a workflow watches it, a contact's JSON is built only for a watched field.
 */
public final class Happenings {

    private final SegmentMembers members;

    public Happenings(SegmentMembers members) {
        this.members = members;
    }

    /** What happened to the change's contact that the reacting workflows' conditions may name. */
    List<When> of(Tx tx, Change change, List<Workflow> automated) {
        List<When> conditions = Triggers.conditions(automated);
        List<When> happened = new ArrayList<>();
        switch (change) {
            case Change.ContactCreated created when created.awaitingConsent() -> {
                // A public form's contact is nobody's subscriber until it confirms: nothing happened yet for the
                // workflows, not even a segment entered; its ConsentConfirmed tells them (below).
                return List.of();
            }
            case Change.ContactCreated created -> happened.add(new When.ContactCreated());
            case Change.ContactUpdated updated -> fields(updated, conditions, happened);
            case Change.ContactUnsubscribed unsubscribed -> happened.add(new When.Unsubscribed());
            case Change.ConsentConfirmed confirmed -> {
                if (confirmed.completesCreation()) {
                    happened.add(new When.ContactCreated());
                }
                happened.add(new When.ConsentConfirmed());
            }
            case Change.TagAdded added -> happened.add(new When.TagAdded(added.tagId()));
            case Change.TagRemoved removed -> happened.add(new When.TagRemoved(removed.tagId()));
            case Change.EventReceived event -> happened.add(new When.Event(event.name()));
            default -> {
                return List.of();
            }
        }
        for (String segmentId : watchedSegments(conditions)) {
            members.evaluate(tx, change.orgId(), segmentId, change.contactId()).ifPresent(move -> happened.add(
                    move.entered() ? new When.SegmentEntered(segmentId) : new When.SegmentLeft(segmentId)));
        }
        return happened;
    }

    /** Starts keeping the membership of the segments an ACTIVE workflow names, seeded with who is in them now. */
    void watch(Tx tx, Workflow workflow) {
        List<When> conditions = workflow.automation().conditions().toList();
        watchedSegments(conditions).forEach(id -> members.watch(tx, workflow.orgId(), id));
    }

    /** Re-evaluates the watched segments of an organization whole; returns who entered or left which. */
    List<SegmentMembers.Move> sweep(Tx tx, String orgId, List<Workflow> automated) {
        List<SegmentMembers.Move> moves = new ArrayList<>();
        watchedSegments(Triggers.conditions(automated)).forEach(id -> moves.addAll(members.sweep(tx, orgId, id)));
        return moves;
    }

    /** The segments some condition names. */
    static Set<String> watchedSegments(List<When> conditions) {
        Set<String> segments = new LinkedHashSet<>();
        conditions.stream().map(When::segmentId).filter(id -> id != null).forEach(segments::add);
        return segments;
    }

    private static void fields(Change.ContactUpdated updated, List<When> conditions, List<When> happened) {
        JsonObject contact = null;
        for (String field : updated.fields()) {
            boolean watched = conditions.stream()
                    .anyMatch(c -> c instanceof When.FieldChanged f && f.field().equals(field));
            if (!watched) {
                continue;
            }
            if (contact == null) {
                contact = updated.contact().get();
            }
            happened.add(new When.FieldChanged(field, text(contact.get(field))));
        }
    }

    private static String text(JsonValue value) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return value instanceof JsonString s ? s.getString() : value.toString();
    }
}
