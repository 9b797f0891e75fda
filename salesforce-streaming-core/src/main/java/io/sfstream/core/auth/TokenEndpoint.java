package io.sfstream.core.auth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.sfstream.core.AuthenticationException;
import io.sfstream.core.http.HttpProxy;
import io.sfstream.core.http.HttpSettings;
import io.sfstream.core.http.internal.ConnectionFailures;
import io.sfstream.core.http.internal.JettyHttpClients;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs a token request form to {@code {loginUrl}/services/oauth2/token} and turns the
 * answer into an {@link AccessToken} or an {@link AuthenticationException}. Requests go
 * through the Jetty HTTP client that Bayeux requests use, configured from the same
 * {@link HttpSettings} (proxy, TLS, connect timeout); one client is started for each
 * request and stopped after it, so the endpoint keeps no state between requests and a
 * failed request never prevents the next one. Messages and log lines name the flow, the
 * endpoint, the proxy and Salesforce's answer, never the form (it holds the secrets) nor
 * the access token. Thread-safe.
 */
final class TokenEndpoint {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger logger = LoggerFactory.getLogger(TokenEndpoint.class);

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final int MAX_THREADS = 8;

    private final HttpSettings http;

    private final Duration requestTimeout;

    TokenEndpoint(HttpSettings http, Duration requestTimeout) {
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    TokenEndpoint(Duration connectTimeout, Duration requestTimeout) {
        this(HttpSettings.direct().withConnectTimeout(connectTimeout), requestTimeout);
    }

    /**
     * Returns an endpoint with the JVM's proxy and trust settings as they are now (see
     * {@link HttpSettings#systemDefault()}) and 30 s per request.
     */
    static TokenEndpoint standard() {
        return new TokenEndpoint(HttpSettings.systemDefault(), DEFAULT_TIMEOUT);
    }

    /**
     * Returns an endpoint with the given proxy, TLS and connect timeout, 30 s per
     * request.
     */
    static TokenEndpoint of(HttpSettings http) {
        return new TokenEndpoint(http, DEFAULT_TIMEOUT);
    }

    /**
     * Requests a token.
     * @param flow the OAuth flow, for messages
     * @param loginUrl the token host
     * @param form the form parameters, including {@code grant_type}, in the order they
     * are sent
     * @return the token
     * @throws AuthenticationException when the request fails or the answer is not a token
     */
    AccessToken requestToken(GrantFlow flow, LoginUrl loginUrl, Map<String, String> form) {
        URI endpoint = loginUrl.tokenEndpoint();
        HttpProxy proxy = this.http.proxyFor(endpoint);
        String via = (proxy != null) ? " through the proxy " + proxy.host() + ":" + proxy.port() : "";
        logger.debug("Requesting an access token with the {} flow from {}{}", flow, endpoint, via);
        ContentResponse response = send(flow, endpoint, via, proxy, form);
        int status = response.getStatus();
        String body = response.getContentAsString();
        if (status == 407) {
            logger.debug("The {} token request to {}{} was refused by the proxy (HTTP 407)", flow, endpoint, via);
            throw new AuthenticationException("The " + flow + " token request to " + endpoint + via
                    + " was refused with HTTP 407: " + ConnectionFailures.PROXY_AUTHENTICATION, status, null, null);
        }
        if (status != 200) {
            AuthenticationException failure = refused(flow, endpoint, status, body);
            logger.debug("The {} token request to {} failed with HTTP {}", flow, endpoint, status);
            throw failure;
        }
        AccessToken token = parseToken(flow, endpoint, body);
        logger.debug("The {} token request to {} succeeded: instance {}", flow, endpoint, token.instanceUrl());
        return token;
    }

    private ContentResponse send(GrantFlow flow, URI endpoint, String via, @Nullable HttpProxy proxy,
            Map<String, String> form) {
        HttpClient client = JettyHttpClients.create(this.http, "sfstream-token", MAX_THREADS);
        // A 401 from the token endpoint is Salesforce's JSON answer, not a challenge.
        client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        try {
            return client.newRequest(endpoint)
                .method(HttpMethod.POST)
                .followRedirects(false)
                .timeout(this.requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers((headers) -> headers.put(HttpHeader.ACCEPT, "application/json"))
                .body(new BytesRequestContent("application/x-www-form-urlencoded",
                        encode(form).getBytes(StandardCharsets.UTF_8)))
                .send();
        }
        catch (TimeoutException ex) {
            throw noAnswer(flow, endpoint, via, ex);
        }
        catch (ExecutionException ex) {
            Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
            if (cause instanceof TimeoutException timeout) {
                throw noAnswer(flow, endpoint, via, timeout);
            }
            logger.debug("The {} token request to {}{} failed: {}", flow, endpoint, via,
                    cause.getClass().getSimpleName());
            String advice = ConnectionFailures.advice(cause, proxy);
            throw new AuthenticationException("The " + flow + " token request to " + endpoint + via + " failed ("
                    + ConnectionFailures.describe(cause) + "): "
                    + ((advice != null) ? advice
                            : "check the login URL, the network, proxy and firewall; retrying later may succeed"),
                    cause);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AuthenticationException("The " + flow + " token request to " + endpoint + " was interrupted", ex);
        }
        finally {
            JettyHttpClients.stop(client);
        }
    }

    private AuthenticationException noAnswer(GrantFlow flow, URI endpoint, String via, TimeoutException ex) {
        logger.debug("The {} token request to {}{} timed out", flow, endpoint, via);
        return new AuthenticationException("The " + flow + " token request to " + endpoint + via
                + " got no answer within " + this.requestTimeout.toMillis() + " ms (" + ConnectionFailures.describe(ex)
                + "): check the network, proxy and firewall; retrying later may succeed", ex);
    }

    private static AuthenticationException refused(GrantFlow flow, URI endpoint, int status, String body) {
        JsonNode answer = parseJson(body);
        String error = (answer != null) ? text(answer, "error") : null;
        String description = (answer != null) ? text(answer, "error_description") : null;
        StringBuilder message = new StringBuilder("The token endpoint ").append(endpoint)
            .append(" refused the ")
            .append(flow)
            .append(" token request with HTTP ")
            .append(status);
        if (error != null) {
            message.append(" ").append(error);
        }
        if (description != null) {
            message.append(" (").append(description).append(")");
        }
        message.append(": ").append(flow.advice(status, error));
        return new AuthenticationException(message.toString(), status, error, description);
    }

    private static AccessToken parseToken(GrantFlow flow, URI endpoint, String body) {
        JsonNode answer = parseJson(body);
        if (answer == null || !answer.isObject()) {
            throw invalidAnswer(flow, endpoint, "a body that is not a JSON object");
        }
        String accessToken = text(answer, "access_token");
        if (accessToken == null || accessToken.isBlank()) {
            throw invalidAnswer(flow, endpoint, "no access_token");
        }
        String instanceUrl = text(answer, "instance_url");
        if (instanceUrl == null || instanceUrl.isBlank()) {
            throw invalidAnswer(flow, endpoint, "no instance_url");
        }
        URI instance = parseInstanceUrl(flow, endpoint, instanceUrl);
        return new AccessToken(accessToken, instance, issuedAt(text(answer, "issued_at")), orgId(text(answer, "id")));
    }

    private static URI parseInstanceUrl(GrantFlow flow, URI endpoint, String instanceUrl) {
        try {
            URI uri = new URI(instanceUrl);
            boolean https = "https".equalsIgnoreCase(uri.getScheme());
            boolean loopbackHttp = "http".equalsIgnoreCase(uri.getScheme()) && LoginUrl.isLoopback(uri);
            if (uri.getHost() != null && (https || loopbackHttp)) {
                return uri;
            }
        }
        catch (java.net.URISyntaxException ex) {
            // reported below
        }
        throw invalidAnswer(flow, endpoint, "an instance_url that is not an https URL: '" + instanceUrl + "'");
    }

    private static AuthenticationException invalidAnswer(GrantFlow flow, URI endpoint, String what) {
        return new AuthenticationException("The token endpoint " + endpoint + " answered the " + flow
                + " token request with HTTP 200 but " + what + ": check that the login URL points to Salesforce", 200,
                null, null);
    }

    /**
     * Parses {@code issued_at}, epoch milliseconds as a string; {@code null} when missing
     * or not a number.
     */
    static @Nullable Instant issuedAt(@Nullable String issuedAt) {
        if (issuedAt == null) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(issuedAt.trim()));
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }

    /**
     * Takes the org id from the identity URL
     * {@code https://login.salesforce.com/id/{orgId}/{userId}}: the 18 characters after
     * {@code /id/}; {@code null} when the URL has no such segment.
     */
    static @Nullable String orgId(@Nullable String identityUrl) {
        if (identityUrl == null) {
            return null;
        }
        int start = identityUrl.indexOf("/id/");
        if (start < 0) {
            return null;
        }
        start += 4;
        int end = identityUrl.indexOf('/', start);
        String segment = identityUrl.substring(start, (end < 0) ? identityUrl.length() : end);
        if (segment.isEmpty()) {
            return null;
        }
        return (segment.length() > 18) ? segment.substring(0, 18) : segment;
    }

    private static @Nullable JsonNode parseJson(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        }
        catch (JacksonException ex) {
            return null;
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isString() ? value.stringValue() : value.toString();
    }

    private static String encode(Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }

}
