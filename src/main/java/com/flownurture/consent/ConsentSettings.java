package com.flownurture.consent;

import java.util.Optional;

import com.flownurture.common.EmailHtml;
import com.flownurture.common.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * An organization's consent settings, the defaults filled in: whether workflow emails go only to CONFIRMED contacts,
 * the double opt-in email, and the subscription form's token (null until one is made; not a secret, it sits in a
 * website's HTML).
 *
 * @param organization the organization's name, for the {@code {{organization}}} placeholder (not shown)
 */
public record ConsentSettings(boolean requireConsent, String subject, String template, String formToken,
                              String organization) {

    /** The longest confirmation subject: one header line. */
    public static final int MAX_SUBJECT = 255;
    /** The longest confirmation template. */
    public static final int MAX_TEMPLATE = 100_000;
    /** The placeholder a template must hold: the confirmation link. */
    public static final String CONFIRM_URL = "{{confirmUrl}}";

    /** Why a confirmation subject cannot be used (blank, over one line or too long), or empty when it can. */
    public static Optional<String> subjectProblem(String subject) {
        if (subject.isBlank() || subject.length() > MAX_SUBJECT || subject.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("The confirmation subject must be one line of 1 to " + MAX_SUBJECT + " characters");
        }
        return Optional.empty();
    }

    /** Why a confirmation template cannot be used (too long, or no link once sanitized), or empty when it can. */
    public static Optional<String> templateProblem(String template) {
        if (template.length() > MAX_TEMPLATE) {
            return Optional.of("The confirmation template must be at most " + MAX_TEMPLATE + " characters");
        }
        if (!EmailHtml.sanitize(template).contains(CONFIRM_URL)) {
            return Optional.of("The confirmation template must contain {{confirmUrl}}");
        }
        return Optional.empty();
    }

    /**
     * The settings as {@code GET /api/v1/settings} and {@code orgs settings} show them:
     * {@code {"sending":{"requireConsent"},"doubleOptIn":{"subject","template"},"form":{"token"}}}.
     */
    public JsonObject toJson() {
        JsonObjectBuilder form = Json.createObjectBuilder();
        if (formToken == null) {
            form.addNull("token");
        } else {
            form.add("token", formToken);
        }
        return Json.createObjectBuilder()
                .add("sending", Json.createObjectBuilder().add("requireConsent", requireConsent))
                .add("doubleOptIn", Json.createObjectBuilder().add("subject", subject).add("template", template))
                .add("form", form)
                .build();
    }
}
