package com.flownurture.bench;

import java.time.Duration;
import java.util.Map;

import com.flownurture.templates.BodyFormat;
import com.flownurture.templates.EmailComposer;
import com.flownurture.templates.EmailTemplate;
import com.flownurture.templates.Escaping;
import com.flownurture.templates.LiquidEngine;
import com.flownurture.templates.Snippets;
import com.flownurture.templates.TemplateData;
import com.flownurture.templates.TemplateLimits;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The template rendering benchmark (not a test), run by {@code ./run.sh bench-engine} ({@code bench/templates.sh}):
 * one email with a layout and two snippets, compiled templates from the cache, for {@code EMAILS} emails (default
 * 200,000) after as many to warm up, on one thread. Prints the cost per email of the Liquid render (subject, body,
 * layout and snippets: the target, at most 50 µs) and of the whole email as sent (plus CSS inlining).
 */
public final class TemplateBench {

    private static final String LAYOUT = """
            <html><head><style>
            body { font-family: Helvetica, Arial, sans-serif; color: #222; }
            .button { background: #f60; color: #fff; padding: 8px 16px; }
            p { margin: 0 0 12px; }
            @media (max-width: 600px) { body { font-size: 16px; } }
            </style></head>
            <body>{% render 'header' %}
            <div class="content">{{ content }}</div>
            {% render 'footer' %}</body></html>
            """;
    private static final String BODY = """
            <p>Hi {{ contact.firstName | default: "there" }},</p>
            {% if contact.customFields.plan == "pro" %}<p>Thanks for being on {{ contact.customFields.plan | upcase }}
            since {{ contact.createdAt | date: "%B %Y" }}.</p>{% else %}<p>Try Pro today.</p>{% endif %}
            <ul>{% for item in event.properties.items %}<li>{{ item.name }}: {{ item.price }}</li>{% endfor %}</ul>
            <p><a class="button" href="https://shop.example.com/cart/{{ event.properties.cartId }}">Back to your cart</a></p>
            """;
    private static final Map<String, String> SNIPPETS = Map.of(
            "header", "<table width=\"100%\"><tr><td><img src=\"https://cdn.example.com/logo.png\" alt=\"Acme\">"
                    + "</td></tr></table>",
            "footer", "<p class=\"footer\">Acme Inc, 1 Main St. <a href=\"{{ unsubscribe_url }}\">Unsubscribe</a>"
                    + " or <a href=\"{{ preferences_url }}\">change your preferences</a>.</p>");

    private TemplateBench() {
    }

    public static void main(String[] args) {
        int emails = Integer.parseInt(System.getenv().getOrDefault("EMAILS", "200000"));
        LiquidEngine liquid = new LiquidEngine(new TemplateLimits(10_000, 1_000_000, Duration.ofSeconds(1), 8));
        EmailComposer composer = new EmailComposer(liquid);
        Snippets snippets = Snippets.compile(liquid, SNIPPETS);
        EmailTemplate email = new EmailTemplate("{{ contact.firstName | default: 'Hey' }}, your cart is waiting",
                BODY, BodyFormat.HTML, null);
        composer.checkEmail(email, snippets);
        composer.checkLayout(LAYOUT, snippets);

        // Contacts and events as the engine will have them at hand; turning them into variables is measured.
        TemplateData[] data = new TemplateData[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = data(i);
        }
        int[] next = {0};
        Runnable liquidOnly = () -> {
            Map<String, Object> variables = data[next[0]++ % data.length].variables();
            liquid.render(liquid.compile(email.subject(), Escaping.NONE), variables, snippets);
            String body = liquid.render(liquid.compile(BODY, Escaping.HTML), variables, snippets);
            Map<String, Object> withContent = new java.util.HashMap<>(variables);
            // A plain string, so escaped again: a little more work than the composer's already-rendered body.
            withContent.put("content", body);
            liquid.render(liquid.compile(LAYOUT, Escaping.HTML), withContent, snippets);
        };
        Runnable asSent = () -> composer.render(email, LAYOUT, snippets, data[next[0]++ % data.length]);

        System.out.println("| what, per email (" + emails + " emails after as many to warm up, 1 thread) | µs |");
        System.out.println("|---|---|");
        System.out.printf("| Liquid: subject, body, layout, two snippets (target ≤ 50 µs) | %.1f |%n",
                microsPerRun(liquidOnly, emails));
        System.out.printf("| as sent: the same, plus the `<style>` rules inlined | %.1f |%n",
                microsPerRun(asSent, emails / 4));
    }

    private static double microsPerRun(Runnable run, int times) {
        for (int i = 0; i < times; i++) {
            run.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < times; i++) {
            run.run();
        }
        return (System.nanoTime() - start) / 1_000.0 / times;
    }

    private static TemplateData data(int n) {
        JsonObject contact = Json.createObjectBuilder()
                .add("email", "ann" + n + "@example.com").add("firstName", "Ann").add("lastName", "Lee")
                .add("company", "Acme & Co").add("createdAt", "2025-03-01T10:00:00Z")
                .add("customFields", Json.createObjectBuilder().add("plan", "pro").add("seats", 5)).build();
        JsonObject event = Json.createObjectBuilder().add("name", "cart_abandoned")
                .add("properties", Json.createObjectBuilder().add("cartId", "C-" + n)
                        .add("items", Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("name", "Mug").add("price", 12.5))
                                .add(Json.createObjectBuilder().add("name", "Tee <XL>").add("price", 20))))
                .build();
        return new TemplateData(contact, event, "https://mail.example.com/u/abc", "https://mail.example.com/p/abc");
    }
}
