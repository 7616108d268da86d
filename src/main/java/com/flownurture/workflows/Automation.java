package com.flownurture.workflows;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.common.JsonOutput;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * How a workflow starts and stops itself: its trigger, whether a contact may enter again, its goals (the
 * enrollment ends COMPLETED) and its exit conditions (it ends EXITED). A trigger other than MANUAL still lets
 * {@code POST /enrollments} enroll by hand.
 */
public record Automation(When trigger, Reentry reentry, List<When> goals, List<When> exitOn) {

    /** What a workflow's trigger may be. */
    public static final List<String> TRIGGERS = List.of("MANUAL", "CONTACT_CREATED", "TAG_ADDED", "SEGMENT_ENTERED",
            "EVENT", "FIELD_CHANGED", "CONSENT_CONFIRMED");
    /** What a goal may be. */
    public static final List<String> GOALS = List.of("TAG_ADDED", "EVENT", "SEGMENT_ENTERED", "FIELD_CHANGED");
    /** What an exit condition may be. */
    public static final List<String> EXITS = List.of("SEGMENT_LEFT", "TAG_REMOVED", "TAG_ADDED", "EVENT",
            "UNSUBSCRIBED");
    /** The request fields that make up an automation. */
    public static final List<String> FIELDS = List.of("trigger", "reentry", "goals", "exitOn");
    private static final int MAX_CONDITIONS = 20;

    /** The default: enrolled only by hand, once, with neither goals nor exits. */
    public static final Automation MANUAL = new Automation(new When.Manual(), Reentry.NEVER, List.of(), List.of());

    /** Whether a contact enrolled by the trigger may be enrolled by it again. */
    public enum Reentry {
        /** At most once per workflow. */
        NEVER,
        /** Again once the previous enrollment has ended. */
        AFTER_EXIT
    }

    public Automation {
        goals = List.copyOf(goals);
        exitOn = List.copyOf(exitOn);
    }

    /** Whether writes must be checked against this workflow: it has a trigger, goals or exits. */
    public boolean reacts() {
        return !(trigger instanceof When.Manual) || !goals.isEmpty() || !exitOn.isEmpty();
    }

    /** Every condition: the trigger, the goals, the exits. */
    public Stream<When> conditions() {
        return Stream.concat(Stream.of(trigger), Stream.concat(goals.stream(), exitOn.stream()));
    }

    /**
     * Reads the automation fields of a request over {@code current} (a field left out keeps its value).
     *
     * @param tagExists     whether a tag is the organization's
     * @param segmentExists whether a segment is the organization's
     */
    public static Automation parse(JsonFields body, Automation current, Predicate<String> tagExists,
                                   Predicate<String> segmentExists) {
        When trigger = body.has("trigger")
                ? When.parse(object(body, "trigger"), TRIGGERS) : current.trigger();
        String reentry = body.has("reentry") ? body.optionalEnum("reentry", List.of("NEVER", "AFTER_EXIT")) : null;
        List<When> goals = body.has("goals") ? list(body, "goals", GOALS) : current.goals();
        List<When> exits = body.has("exitOn") ? list(body, "exitOn", EXITS) : current.exitOn();
        Automation automation = new Automation(trigger, reentry == null ? current.reentry() : Reentry.valueOf(reentry),
                goals, exits);
        List<String> problems = automation.problems(tagExists, segmentExists);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.getFirst());
        }
        return automation;
    }

    /** What no longer exists: a tag or segment a condition names (deleted after the workflow was saved). */
    public List<String> problems(Predicate<String> tagExists, Predicate<String> segmentExists) {
        List<String> problems = new ArrayList<>();
        check(problems, "trigger", List.of(trigger), tagExists, segmentExists);
        check(problems, "goals", goals, tagExists, segmentExists);
        check(problems, "exitOn", exitOn, tagExists, segmentExists);
        return problems;
    }

    private static void check(List<String> problems, String where, List<When> conditions,
                              Predicate<String> tagExists, Predicate<String> segmentExists) {
        for (int i = 0; i < conditions.size(); i++) {
            When when = conditions.get(i);
            String name = where.equals("trigger") ? where : where + "[" + i + "]";
            if (when.tagId() != null && !tagExists.test(when.tagId())) {
                problems.add(name + ".tagId " + when.tagId() + " is not a tag of this organization");
            }
            if (when.segmentId() != null && !segmentExists.test(when.segmentId())) {
                problems.add(name + ".segmentId " + when.segmentId() + " is not a segment of this organization");
            }
        }
    }

    /** Adds the automation's fields to a workflow's public form. */
    public void addTo(jakarta.json.JsonObjectBuilder json) {
        json.add("trigger", trigger.toJson()).add("reentry", reentry.name())
                .add("goals", array(goals)).add("exitOn", array(exitOn));
    }

    /** The stored form of a list of conditions. */
    public static String text(List<When> conditions) {
        return JsonOutput.text(array(conditions));
    }

    /** Reads the stored form back. */
    public static Automation stored(String trigger, String reentry, String goals, String exitOn) {
        return new Automation(When.parse(new JsonFields(read(trigger).asJsonObject(), "trigger."), TRIGGERS),
                Reentry.valueOf(reentry), storedList(goals, GOALS), storedList(exitOn, EXITS));
    }

    private static List<When> storedList(String text, List<String> allowed) {
        JsonArray array = read(text).asJsonArray();
        List<When> list = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            list.add(When.parse(new JsonFields(array.getJsonObject(i), "condition."), allowed));
        }
        return list;
    }

    private static jakarta.json.JsonValue read(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static JsonArray array(List<When> conditions) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        conditions.forEach(c -> array.add(c.toJson()));
        return array.build();
    }

    private static JsonFields object(JsonFields body, String field) {
        JsonObject json = body.optionalObject(field);
        if (json == null) {
            throw new InvalidInputException(body.name(field) + " must be an object");
        }
        return new JsonFields(json, body.name(field) + ".");
    }

    private static List<When> list(JsonFields body, String field, List<String> allowed) {
        JsonArray array = body.requiredArray(field);
        if (array.size() > MAX_CONDITIONS) {
            throw new InvalidInputException(body.name(field) + " must hold at most " + MAX_CONDITIONS + " conditions");
        }
        List<When> list = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            list.add(When.parse(JsonFields.element(array.get(i), body.name(field) + "[" + i + "]"), allowed));
        }
        return list;
    }
}
