package io.sfstream.pubsub.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.sfstream.core.AuthenticationException;
import io.sfstream.core.auth.AccessToken;
import io.sfstream.core.auth.Authenticator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The access token and the three headers every Pub/Sub call carries (PUBSUB section 2):
 * {@code accesstoken}, {@code instanceurl} (scheme and host of the token's instance URL)
 * and {@code tenantid} (the org id: {@link AccessToken#orgId()}, else
 * {@code organization_id} of {@code GET {instance_url}/services/oauth2/userinfo}), plus a
 * fresh {@code x-client-trace-id} per call when enabled. A refused token is replaced once
 * however many streams report it. Thread-safe; never logs or shows the token.
 */
final class Credentials {

    static final Metadata.Key<String> ACCESS_TOKEN = Metadata.Key.of("accesstoken", Metadata.ASCII_STRING_MARSHALLER);

    static final Metadata.Key<String> INSTANCE_URL = Metadata.Key.of("instanceurl", Metadata.ASCII_STRING_MARSHALLER);

    static final Metadata.Key<String> TENANT_ID = Metadata.Key.of("tenantid", Metadata.ASCII_STRING_MARSHALLER);

    static final Metadata.Key<String> TRACE_ID = Metadata.Key.of("x-client-trace-id", Metadata.ASCII_STRING_MARSHALLER);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Authenticator authenticator;

    private final Duration requestTimeout;

    private final boolean traceIds;

    private volatile @Nullable Session current;

    /**
     * A token with the headers it goes with.
     *
     * @param token the access token
     * @param instanceUrl scheme, host and port of its instance URL
     * @param orgId the org id
     */
    record Session(AccessToken token, String instanceUrl, String orgId) {

        @Override
        public String toString() {
            return "Session[instanceUrl=" + this.instanceUrl + ", orgId=" + this.orgId + "]";
        }

    }

    Credentials(Authenticator authenticator, Duration requestTimeout, boolean traceIds) {
        this.authenticator = authenticator;
        this.requestTimeout = requestTimeout;
        this.traceIds = traceIds;
    }

    /**
     * Returns the current session, authenticating first if there is none.
     * @return the session
     * @throws AuthenticationException when no token can be had
     */
    Session current() {
        Session session = this.current;
        return (session != null) ? session : refresh(null, () -> {
        });
    }

    /**
     * Replaces a refused session with a new token, unless another caller did already.
     * @param refused the session Salesforce refused, or {@code null} for the first
     * @param onNewToken run when this call obtained a new token to replace a refused one
     * @return the session to use now
     * @throws AuthenticationException when no token can be had
     */
    synchronized Session refresh(@Nullable Session refused, Runnable onNewToken) {
        Session session = this.current;
        if (session != null && session != refused) {
            return session;
        }
        AccessToken token = this.authenticator.authenticate();
        URI instance = token.instanceUrl();
        String instanceUrl = instance.getScheme() + "://" + instance.getRawAuthority();
        String orgId = token.orgId();
        if (orgId == null || orgId.isBlank()) {
            orgId = (session != null) ? session.orgId() : userInfoOrgId(token);
        }
        Session fresh = new Session(token, instanceUrl, orgId);
        this.current = fresh;
        if (refused != null) {
            onNewToken.run();
        }
        return fresh;
    }

    /** Forgets the session (the client closes). */
    void clear() {
        this.current = null;
    }

    /**
     * Returns an interceptor that adds the session's headers to a call.
     * @param session the session
     * @return the interceptor
     */
    ClientInterceptor headers(Session session) {
        Metadata headers = new Metadata();
        headers.put(ACCESS_TOKEN, session.token().value());
        headers.put(INSTANCE_URL, session.instanceUrl());
        headers.put(TENANT_ID, session.orgId());
        if (this.traceIds) {
            headers.put(TRACE_ID, UUID.randomUUID().toString());
        }
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    private String userInfoOrgId(AccessToken token) {
        URI endpoint = URI.create(token.instanceUrl() + "/services/oauth2/userinfo");
        HttpClient http = HttpClient.newBuilder().connectTimeout(this.requestTimeout).build();
        HttpRequest request = HttpRequest.newBuilder(endpoint)
            .timeout(this.requestTimeout)
            .header("Authorization", "Bearer " + token.value())
            .header("Accept", "application/json")
            .GET()
            .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AuthenticationException(
                        "The org id (tenantid header of the Pub/Sub API) is not in the " + "token response, and "
                                + endpoint + " answered HTTP " + response.statusCode(),
                        response.statusCode(), null, null);
            }
            JsonNode organization = JSON.readTree(response.body()).get("organization_id");
            if (organization == null || !organization.isString() || organization.asString().isBlank()) {
                throw new AuthenticationException(endpoint + " answered no organization_id: the org id (tenantid "
                        + "header of the Pub/Sub API) is unknown", 200, null, null);
            }
            return organization.asString();
        }
        catch (IOException | JacksonException ex) {
            throw new AuthenticationException(
                    "Reading the org id from " + endpoint + " failed (" + ex.getClass().getSimpleName() + ")", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AuthenticationException("Interrupted while reading the org id from " + endpoint, ex);
        }
    }

}
