package io.sfstream.emulator.internal.pubsub;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.sfstream.emulator.internal.org.AccessTokens;
import org.jspecify.annotations.Nullable;

/**
 * Checks the three headers of every call (PUBSUB section 2): {@code accesstoken} a live
 * token the org's OAuth endpoint issued, {@code instanceurl} the org's instance URL,
 * {@code tenantid} its org id (18 characters, or the first 15). A call that fails gets
 * {@code UNAUTHENTICATED} with {@code error-code} {@code service.auth.error}. The token
 * of an accepted call is in {@link #TOKEN}.
 */
final class CallerCheck implements ServerInterceptor {

    static final Context.Key<String> TOKEN = Context.key("sfstream-access-token");

    static final Metadata.Key<String> ACCESS_TOKEN = Metadata.Key.of("accesstoken", Metadata.ASCII_STRING_MARSHALLER);

    static final Metadata.Key<String> INSTANCE_URL = Metadata.Key.of("instanceurl", Metadata.ASCII_STRING_MARSHALLER);

    static final Metadata.Key<String> TENANT_ID = Metadata.Key.of("tenantid", Metadata.ASCII_STRING_MARSHALLER);

    private final AccessTokens tokens;

    private final String orgId;

    private final Supplier<List<URI>> instanceUrls;

    CallerCheck(AccessTokens tokens, String orgId, Supplier<List<URI>> instanceUrls) {
        this.tokens = tokens;
        this.orgId = orgId;
        this.instanceUrls = instanceUrls;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String problem = problem(headers);
        if (problem != null) {
            call.close(Status.UNAUTHENTICATED.withDescription(problem), PubSubErrors.trailers(PubSubErrors.AUTH_ERROR));
            return new ServerCall.Listener<>() {
            };
        }
        Context context = Context.current().withValue(TOKEN, headers.get(ACCESS_TOKEN));
        return Contexts.interceptCall(context, call, headers, next);
    }

    private @Nullable String problem(Metadata headers) {
        String token = headers.get(ACCESS_TOKEN);
        if (token == null || this.tokens.find(token).isEmpty()) {
            return (token == null) ? "Missing accesstoken header" : "Authentication failed: invalid or revoked token";
        }
        String instanceUrl = headers.get(INSTANCE_URL);
        if (instanceUrl == null || !isInstanceUrl(instanceUrl)) {
            return "Missing or unknown instanceurl header";
        }
        String tenantId = headers.get(TENANT_ID);
        if (tenantId == null || !(tenantId.equals(this.orgId) || tenantId.equals(this.orgId.substring(0, 15)))) {
            return "Missing or wrong tenantid header";
        }
        return null;
    }

    private boolean isInstanceUrl(String value) {
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        return this.instanceUrls.get().stream().anyMatch((url) -> url.toString().equals(trimmed));
    }

}
