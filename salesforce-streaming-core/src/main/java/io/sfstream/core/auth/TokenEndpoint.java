package io.sfstream.core.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;

import io.sfstream.core.AuthenticationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs a token request form to {@code {loginUrl}/services/oauth2/token} and turns the
 * answer into an {@link AccessToken} or an {@link AuthenticationException}. It keeps no
 * state between requests, so a failed request never prevents the next one. Messages and
 * log lines name the flow, the endpoint and Salesforce's answer, never the form (it holds
 * the secrets) nor the access token. Thread-safe.
 */
final class TokenEndpoint {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger logger = LoggerFactory.getLogger(TokenEndpoint.class);

    private static final JsonMapper json = JsonMapper.builder().build();

    private final HttpClient httpClient;

    private final Duration requestTimeout;

    TokenEndpoint(Duration connectTimeout, Duration requestTimeout) {
        this.httpClient = HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
        this.requestTimeout = requestTimeout;
    }

    /**
     * Returns the endpoint shared by authenticators built without explicit timeouts: 30 s
     * to connect, 30 s per request.
     */
    static TokenEndpoint standard() {
        return Standard.INSTANCE;
    }

    /**
     * Requests a token.
     * @param flow the OAuth flow, for messages
     * @param loginUrl the token host
     * @param form the form parameters, including {@code grant_type}
     * @return the token
     * @throws AuthenticationException when the request fails or the answer is not a token
     */
    AccessToken requestToken(GrantFlow flow, LoginUrl loginUrl, Map<String, String> form) {
        URI endpoint = loginUrl.tokenEndpoint();
        logger.debug("Requesting an access token with the {} flow from {}", flow, endpoint);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
            .timeout(this.requestTimeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
            .build();
        HttpResponse<String> response = send(flow, endpoint, request);
        int status = response.statusCode();
        if (status != 200) {
            AuthenticationException failure = refused(flow, endpoint, status, response.body());
            logger.debug("The {} token request to {} failed with HTTP {}", flow, endpoint, status);
            throw failure;
        }
        AccessToken token = parseToken(flow, endpoint, response.body());
        logger.debug("The {} token request to {} succeeded: instance {}", flow, endpoint, token.instanceUrl());
        return token;
    }

    private HttpResponse<String> send(GrantFlow flow, URI endpoint, HttpRequest request) {
        try {
            return this.httpClient.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (HttpTimeoutException ex) {
            logger.debug("The {} token request to {} timed out", flow, endpoint);
            throw new AuthenticationException("The " + flow + " token request to " + endpoint + " got no answer within "
                    + this.requestTimeout.toSeconds() + " s (" + ex.getClass().getSimpleName()
                    + "): check the network, proxy and firewall; retrying later may succeed", ex);
        }
        catch (IOException ex) {
            logger.debug("The {} token request to {} failed: {}", flow, endpoint, ex.getClass().getSimpleName());
            throw new AuthenticationException("The " + flow + " token request to " + endpoint + " failed ("
                    + describe(ex) + "): check the login URL, the network, proxy and firewall; retrying later may "
                    + "succeed", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AuthenticationException("The " + flow + " token request to " + endpoint + " was interrupted", ex);
        }
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

    private static String describe(IOException ex) {
        String message = ex.getMessage();
        return (message == null || message.isBlank()) ? ex.getClass().getSimpleName()
                : ex.getClass().getSimpleName() + ": " + message;
    }

    private static String encode(Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    private static final class Standard {

        static final TokenEndpoint INSTANCE = new TokenEndpoint(DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);

    }

}
