package com.flownurture.observe;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

import com.flownurture.common.Json;
import com.flownurture.common.JsonOutput;
import jakarta.json.JsonObjectBuilder;

/**
 * One JSON object per log line ({@code logging.format: json}), for log shippers: {@code time}, {@code level},
 * {@code logger}, {@code message}, the fields a record carries as a map (the request log's method, route, status,
 * durationMs, requestId and org), and {@code error} with the stack trace when there is one. Thread-safe.
 */
public final class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        JsonObjectBuilder line = Json.createObjectBuilder()
                .add("time", Instant.ofEpochMilli(record.getMillis()).toString())
                .add("level", record.getLevel().getName())
                .add("logger", String.valueOf(record.getLoggerName()))
                .add("message", formatMessage(record));
        Object[] parameters = record.getParameters();
        if (parameters != null && parameters.length == 1 && parameters[0] instanceof Map<?, ?> fields) {
            fields.forEach((key, value) -> {
                switch (value) {
                    case Integer i -> line.add(key.toString(), i);
                    case Double d -> line.add(key.toString(), d);
                    default -> line.add(key.toString(), String.valueOf(value));
                }
            });
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.add("error", trace.toString());
        }
        return JsonOutput.text(line.build()) + System.lineSeparator();
    }
}
