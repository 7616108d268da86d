package com.flownurture.bounces;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.NotFoundException;
import com.flownurture.config.AppConfig;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.Responses;
import com.flownurture.orgs.Organizations;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObjectBuilder;

/**
 * {@code POST /hooks/bounces/{provider}/{orgToken}}: where email providers report bounces and complaints. The
 * organization's id is the token in the path; what authenticates a post is the provider's signature (for the generic
 * hook, under the organization's bounce secret), checked before anything is read: an unsigned, badly signed or stale
 * post is a 401 and changes nothing, and so is a post for an unknown organization, with the same body as a bad
 * signature. A signed post is recorded once: sent again, it is answered {@code {"recorded":0,"duplicate":true}}.
 */
public final class BounceHooksService implements ApiService {

    /** Checks an unknown organization's generic post, so that it fails exactly as a badly signed one. */
    private static final String NOBODYS_SECRET = newSecret();

    private final Organizations orgs;
    private final BounceRecorder recorder;
    private final java.time.Clock clock;
    private final long window;
    private final Map<String, ProviderHook> providers;

    public BounceHooksService(Organizations orgs, BounceRecorder recorder, java.time.Clock clock,
                              AppConfig.Bounces config, SnsHook sns) {
        this.orgs = orgs;
        this.recorder = recorder;
        this.clock = clock;
        this.window = config.replayWindow().toMillis();
        this.providers = Map.of(
                "generic", new GenericHook(),
                "mailgun", new MailgunHook(config.mailgunSigningKey()),
                "postmark", new PostmarkHook(config.postmarkUsername(), config.postmarkPassword()),
                "sendgrid", new SendGridHook(config.sendgridPublicKey()),
                "ses", sns);
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.publicPost("/hooks/bounces/{provider}/{orgToken}", this::receive);
    }

    /**
     * {@code curl -X POST -H "X-FlowNurture-Timestamp: $TS" -H "X-FlowNurture-Signature: v1=$SIG" -d "$BODY"
     * localhost:8080/hooks/bounces/generic/$ORG_ID}
     */
    private void receive(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("provider");
        ProviderHook provider = providers.get(name);
        if (provider == null) {
            throw new NotFoundException("Route not found");
        }
        String orgId = req.path().pathParameters().get("orgToken");
        Optional<String> secret = orgs.bounceSecret(orgId);
        byte[] body = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        HookRequest request = new HookRequest(body, header -> req.headers().first(HeaderNames.create(header))
                .orElse(null), secret.orElse(NOBODYS_SECRET), clock.millis(), window);
        Report report;
        try {
            report = provider.read(request);
            if (secret.isEmpty()) {
                // Signed with a provider's server-wide key, yet for no organization here.
                throw new BadSignatureException(provider.refusal());
            }
        } catch (BadSignatureException e) {
            throw new HttpException(e.getMessage(), Status.UNAUTHORIZED_401, true);
        } catch (ClassCastException | NullPointerException | jakarta.json.JsonException e) {
            // A signed body whose JSON has another shape than the provider documents.
            throw new InvalidInputException("The body does not have the provider's event format");
        }
        OptionalInt recorded = recorder.recordOnce(orgId, name, report, request.now());
        JsonObjectBuilder answer = Json.createObjectBuilder().add("recorded", recorded.orElse(0));
        Responses.ok(res, (recorded.isEmpty() ? answer.add("duplicate", true) : answer).build());
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
