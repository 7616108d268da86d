package com.flownurture.contacts;

import java.util.function.Consumer;

import com.flownurture.common.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;

/**
 * The writes a contact's JSON form needs, onto either target: a streaming generator (a page of contacts, written
 * as it is read, without building objects first) or an object builder (one contact as a value, for a response, an
 * event or a webhook payload). {@link Contact} and {@link Consent} describe their JSON once, against this, so both
 * targets give the same fields in the same order and, written out, the same bytes. Not thread-safe: one per write.
 */
sealed interface FieldWriter {

    /** A string, or JSON null when {@code value} is null. */
    void string(String name, String value);

    void number(String name, long value);

    void bool(String name, boolean value);

    void value(String name, JsonValue value);

    /** A nested object whose fields {@code fields} writes. */
    void object(String name, Consumer<FieldWriter> fields);

    /** Writes into the object a generator has open. */
    static FieldWriter into(JsonGenerator json) {
        return new Streamed(json);
    }

    /** The object {@code fields} writes. */
    static JsonObject build(Consumer<FieldWriter> fields) {
        Built built = new Built(Json.createObjectBuilder());
        fields.accept(built);
        return built.json().build();
    }

    /** Onto a generator, as text. */
    record Streamed(JsonGenerator json) implements FieldWriter {

        @Override
        public void string(String name, String value) {
            if (value == null) {
                json.writeNull(name);
            } else {
                json.write(name, value);
            }
        }

        @Override
        public void number(String name, long value) {
            json.write(name, value);
        }

        @Override
        public void bool(String name, boolean value) {
            json.write(name, value);
        }

        @Override
        public void value(String name, JsonValue value) {
            json.write(name, value);
        }

        @Override
        public void object(String name, Consumer<FieldWriter> fields) {
            json.writeStartObject(name);
            fields.accept(this);
            json.writeEnd();
        }
    }

    /** Into an object builder, as values. */
    record Built(JsonObjectBuilder json) implements FieldWriter {

        @Override
        public void string(String name, String value) {
            if (value == null) {
                json.addNull(name);
            } else {
                json.add(name, value);
            }
        }

        @Override
        public void number(String name, long value) {
            json.add(name, value);
        }

        @Override
        public void bool(String name, boolean value) {
            json.add(name, value);
        }

        @Override
        public void value(String name, JsonValue value) {
            json.add(name, value);
        }

        @Override
        public void object(String name, Consumer<FieldWriter> fields) {
            json.add(name, build(fields));
        }
    }
}
