package com.flownurture.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

import com.flownurture.consent.ConsentRepository;
import com.flownurture.consent.ConsentSettings;
import com.flownurture.orgs.Organizations;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /settings} (admins only): the organization's consent settings, as {@code GET /api/v1/settings} has them:
 * whether workflow emails need confirmed consent, the double opt-in email, and the subscription form's token with
 * an HTML form to paste into a website. Writes go through the same {@link ConsentRepository} as the API and CLI.
 * It also shows the bounce secret that signs the generic bounce hook's posts, and replaces it.
 */
final class SettingsPage {

    private final ConsentRepository consent;
    private final Organizations orgs;

    SettingsPage(ConsentRepository consent, Organizations orgs) {
        this.consent = consent;
        this.orgs = orgs;
    }

    /** What the form shows: the stored settings, or what was typed when it is shown again with errors. */
    private record Form(boolean requireConsent, String subject, String template) {
    }

    void routes(DashboardRoutes routing) {
        routing.get("/settings", this::show)
                .post("/settings", this::save)
                .post("/settings/rotate-form-token", this::rotateFormToken)
                .post("/settings/rotate-bounce-secret", this::rotateBounceSecret);
    }

    /** {@code curl -b jar localhost:8080/settings} */
    private void show(ServerRequest req, ServerResponse res) {
        ConsentSettings settings = consent.settings(Chrome.orgId(req));
        render(req, res, settings, new Form(settings.requireConsent(), settings.subject(), settings.template()),
                Map.of(), req.query().contains("saved"));
    }

    /** {@code curl -b jar -d "_csrf=...&requireConsent=on&subject=...&template=..." localhost:8080/settings} */
    private void save(ServerRequest req, ServerResponse res) {
        Parameters params = DashboardFilter.form(req);
        Form form = new Form(params.contains("requireConsent"), params.first("subject").orElse("").strip(),
                params.first("template").orElse("").strip());
        Map<String, String> errors = new LinkedHashMap<>();
        ConsentSettings.subjectProblem(form.subject()).ifPresent(problem -> errors.put("subject", problem));
        ConsentSettings.templateProblem(form.template()).ifPresent(problem -> errors.put("template", problem));
        if (!errors.isEmpty()) {
            render(req, res, consent.settings(Chrome.orgId(req)), form, errors, false);
            return;
        }
        consent.updateSettings(Chrome.orgId(req), form.requireConsent(), form.subject(), form.template());
        Html.redirect(res, "/settings?saved");
    }

    /** {@code curl -b jar -d "_csrf=..." localhost:8080/settings/rotate-form-token} */
    private void rotateFormToken(ServerRequest req, ServerResponse res) {
        consent.rotateFormToken(Chrome.orgId(req));
        Html.redirect(res, "/settings");
    }

    /** {@code curl -b jar -d "_csrf=..." localhost:8080/settings/rotate-bounce-secret} */
    private void rotateBounceSecret(ServerRequest req, ServerResponse res) {
        orgs.rotateBounceSecret(Chrome.orgId(req));
        Html.redirect(res, "/settings");
    }

    private void render(ServerRequest req, ServerResponse res, ConsentSettings settings, Form form,
                        Map<String, String> errors, boolean saved) {
        String token = settings.formToken();
        String url = token == null ? null : consent.formUrl(token);
        String orgId = Chrome.orgId(req);
        Html.send(res, errors.isEmpty() ? Status.OK_200 : Status.BAD_REQUEST_400, "settings.jte",
                Html.params("page", Chrome.of(req, "Settings", "Settings"), "requireConsent", form.requireConsent(),
                        "subject", form.subject(), "template", form.template(), "errors", errors, "saved", saved,
                        "token", token, "formUrl", url, "snippet", url == null ? null : snippet(url),
                        "orgId", orgId, "bounceSecret", orgs.bounceSecret(orgId).orElse("")));
    }

    /** The HTML a website pastes: the address, a first name, and the honeypot field bots fill and people never see. */
    static String snippet(String url) {
        return "<form method=\"post\" action=\"" + url + "\">\n"
                + "  <input type=\"email\" name=\"email\" placeholder=\"you@example.com\" required>\n"
                + "  <input name=\"firstName\" placeholder=\"First name\">\n"
                + "  <input name=\"website\" style=\"display:none\" tabindex=\"-1\" autocomplete=\"off\">\n"
                + "  <button type=\"submit\">Subscribe</button>\n"
                + "</form>";
    }
}
