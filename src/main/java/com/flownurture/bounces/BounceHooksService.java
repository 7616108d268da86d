package com.flownurture.bounces;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.NotFoundException;
import com.flownurture.config.AppConfig;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.Responses;
import com.flownurture.orgs.Organization;
import com.flownurture.orgs.Organizations;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /hooks/bounces/{provider}/{orgToken}}: where email providers report bounces and complaints. The
 * organization's id is the token in the path; what authenticates a post is the provider's signature, checked before
 * anything is read: an unsigned or badly signed post is a 401 and changes nothing.
 */
public final class BounceHooksService implements ApiService {

    private final Organizations orgs;
    private final BounceRecorder recorder;
    private final java.time.Clock clock;
    private final Map<String, ProviderHook> providers;

    public BounceHooksService(Organizations orgs, BounceRecorder recorder, java.time.Clock clock,
                              AppConfig.Bounces config, SnsHook sns) {
        this.orgs = orgs;
        this.recorder = recorder;
        this.clock = clock;
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
        ProviderHook provider = providers.get(req.path().pathParameters().get("provider"));
        Optional<Organization> org = orgs.find(req.path().pathParameters().get("orgToken"));
        if (provider == null || org.isEmpty()) {
            throw new NotFoundException("Route not found");
        }
        byte[] body = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        HookRequest request = new HookRequest(body, name -> req.headers().first(HeaderNames.create(name))
                .orElse(null), org.get(), clock.millis());
        List<Bounce> bounces;
        try {
            bounces = provider.read(request);
        } catch (BadSignatureException e) {
            throw new HttpException(e.getMessage(), Status.UNAUTHORIZED_401, true);
        } catch (ClassCastException | NullPointerException | jakarta.json.JsonException e) {
            // A signed body whose JSON has another shape than the provider documents.
            throw new InvalidInputException("The body does not have the provider's event format");
        }
        int recorded = recorder.record(org.get().id(), req.path().pathParameters().get("provider"), bounces);
        Responses.ok(res, Json.createObjectBuilder().add("recorded", recorded).build());
    }
}
