package com.flownurture.contacts;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The fields of a contact, in the order of its JSON form: the one table that the JSON writer ({@link Contact}), the
 * validation of writes ({@link ContactChanges}: the API, UPDATE_CONTACT steps), the CSV import's columns, the
 * repository's row mapping, the segment rules and compiler, and the email templates read. A new field is a row
 * here, a field of {@link Contact}, a column in a migration and a parameter in {@code contacts.sql}.
 *
 * <p>Per field: its API name (JSON, CSV header, segment rule, template placeholder); its column in
 * {@code contacts}; its {@link Type}, which decides its JSON type, its validation and which segment operators apply
 * ({@code segments/SegmentRules} maps types to operators); whether clients write it (the API and the CSV import
 * take exactly these); whether segment rules may test it; whether templates may show it. {@code customFields} is
 * tested and shown key by key ({@code customFields.plan}).
 */
public enum ContactField {

    //                  API name           column              type          writes segments templates value
    ID(              "id",              "id",               Type.ID,      false, false, false, Contact::id),
    EMAIL(           "email",           "email",            Type.EMAIL,   true,  true,  true,  Contact::email),
    FIRST_NAME(      "firstName",       "first_name",       Type.TEXT,    true,  true,  true,  Contact::firstName),
    LAST_NAME(       "lastName",        "last_name",        Type.TEXT,    true,  true,  true,  Contact::lastName),
    COMPANY(         "company",         "company",          Type.TEXT,    true,  true,  true,  Contact::company),
    JOB_TITLE(       "jobTitle",        "job_title",        Type.TEXT,    true,  true,  true,  Contact::jobTitle),
    LIFECYCLE_STAGE( "lifecycleStage",  "lifecycle_stage",  Type.STAGE,   true,  true,  false, c -> c.lifecycleStage().name()),
    COUNTRY(         "country",         "country",          Type.TEXT,    true,  true,  false, Contact::country),
    CITY(            "city",            "city",             Type.TEXT,    true,  true,  false, Contact::city),
    SOURCE(          "source",          "source",           Type.TEXT,    true,  true,  false, Contact::source),
    LEAD_SCORE(      "leadScore",       "lead_score",       Type.INTEGER, true,  true,  false, Contact::leadScore),
    ENGAGEMENT_SCORE("engagementScore", "engagement_score", Type.INTEGER, true,  true,  false, Contact::engagementScore),
    CUSTOM_FIELDS(   "customFields",    "custom_fields",    Type.OBJECT,  true,  true,  true,  Contact::customFields),
    UNSUBSCRIBED(    "unsubscribed",    "unsubscribed_at",  Type.FLAG,    false, false, false, Contact::unsubscribedAt),
    CREATED_AT(      "createdAt",       "created_at",       Type.TIME,    false, true,  false, Contact::createdAt),
    UPDATED_AT(      "updatedAt",       "updated_at",       Type.TIME,    false, true,  false, Contact::updatedAt);

    /** What a field holds, which decides its JSON type, its validation and its segment operators. */
    public enum Type {
        /** The contact's id: a JSON string, never written by a client. */
        ID,
        /** A valid email address, required, unique per organization case-insensitively: a JSON string. */
        EMAIL,
        /** Free text of at most {@value ContactChanges#MAX_TEXT} characters, or null: a JSON string or null. */
        TEXT,
        /** A {@link LifecycleStage}: a JSON string, its name. */
        STAGE,
        /** An integer within ±{@value ContactChanges#MAX_SCORE}: a JSON integer. */
        INTEGER,
        /** A flat JSON object of strings, numbers, booleans and nulls; stored as its text. */
        OBJECT,
        /** A JSON boolean, stored as the time it became true or null. */
        FLAG,
        /** An ISO-8601 UTC time in JSON, stored as epoch milliseconds. */
        TIME
    }

    /** A key of {@code customFields}, as written and as segment rules and templates name it after the dot. */
    public static final Pattern CUSTOM_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final Map<String, ContactField> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ContactField::apiName, Function.identity()));
    private static final List<ContactField> WRITABLE = Arrays.stream(values()).filter(f -> f.writable).toList();

    private final String apiName;
    private final String column;
    private final Type type;
    private final boolean writable;
    private final boolean segments;
    private final boolean templates;
    private final Function<Contact, Object> value;

    ContactField(String apiName, String column, Type type, boolean writable, boolean segments, boolean templates,
                 Function<Contact, Object> value) {
        this.apiName = apiName;
        this.column = column;
        this.type = type;
        this.writable = writable;
        this.segments = segments;
        this.templates = templates;
        this.value = value;
    }

    /** The field of this API name, or null. */
    public static ContactField byName(String apiName) {
        return BY_NAME.get(apiName);
    }

    /** The fields a client may write, by the API, a CSV import ({@code tags} besides) or an UPDATE_CONTACT step. */
    public static List<ContactField> writable() {
        return WRITABLE;
    }

    /** The name in the API's JSON, in CSV headers, in segment rules and in templates. */
    public String apiName() {
        return apiName;
    }

    /** The column of the {@code contacts} table. */
    public String column() {
        return column;
    }

    public Type type() {
        return type;
    }

    /** Whether a client may set it. */
    public boolean isWritable() {
        return writable;
    }

    /** Whether segment rules may test it. */
    public boolean inSegments() {
        return segments;
    }

    /** Whether email templates may show it ({@code {{firstName}}}). */
    public boolean inTemplates() {
        return templates;
    }

    /** Whether a client may clear it with null. */
    public boolean isNullable() {
        return type == Type.TEXT;
    }

    /** The contact's stored value of this field: a String, a Long, or null. */
    public Object of(Contact contact) {
        return value.apply(contact);
    }
}
