package io.sfstream.emulator.internal.oauth;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.sfstream.emulator.EmulatorClock;
import io.sfstream.emulator.TokenRequestObservation;
import io.sfstream.emulator.internal.org.AccessTokens;
import io.sfstream.emulator.internal.org.Directory;
import io.sfstream.emulator.internal.org.FaultState;
import io.sfstream.emulator.internal.org.IssuedToken;
import io.sfstream.emulator.internal.org.ObservationLog;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /services/oauth2/token}: issues access tokens in Salesforce's response
 * shape. Logs and records grant types and outcomes, never secrets.
 */
public final class TokenEndpointServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Logger logger = LoggerFactory.getLogger(TokenEndpointServlet.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final transient TokenGrants grants;

    private final transient Directory directory;

    private final transient FaultState faults;

    private final transient ObservationLog observations;

    private final transient EmulatorClock clock;

    private final transient Supplier<URI> myDomainUrl;

    private final String orgId;

    /**
     * Creates the endpoint.
     * @param directory users and apps
     * @param tokens where issued tokens are kept
     * @param faults armed faults
     * @param observations where requests are recorded
     * @param clock the org's clock
     * @param orgId the org's 18-character id
     * @param myDomainUrl the My Domain URL, returned as {@code instance_url}
     * @param loginUrl the login URL
     */
    public TokenEndpointServlet(Directory directory, AccessTokens tokens, FaultState faults,
            ObservationLog observations, EmulatorClock clock, String orgId, Supplier<URI> myDomainUrl,
            Supplier<URI> loginUrl) {
        this.grants = new TokenGrants(directory, tokens, clock, () -> List.of(loginUrl.get(), myDomainUrl.get()));
        this.directory = directory;
        this.faults = faults;
        this.observations = observations;
        this.clock = clock;
        this.orgId = orgId;
        this.myDomainUrl = myDomainUrl;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("POST".equals(request.getMethod())) {
            doPost(request, response);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid_request");
        body.put("error_description", "must use HTTP POST");
        writeJson(response, HttpServletResponse.SC_BAD_REQUEST, body);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        TokenRequest tokenRequest = TokenRequest.from(request);
        if (this.faults.takeFailingTokenRequest()) {
            record(tokenRequest, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "server_error");
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write("<html><body><h1>Service Unavailable</h1></body></html>");
            return;
        }
        try {
            IssuedToken token = this.grants.grant(tokenRequest);
            record(tokenRequest, HttpServletResponse.SC_OK, null);
            logger.debug("Issued a token for grant type {} to {}", tokenRequest.grantType(), token.user().username());
            writeJson(response, HttpServletResponse.SC_OK, success(request, token));
        }
        catch (OAuthFailure failure) {
            record(tokenRequest, HttpServletResponse.SC_BAD_REQUEST, failure.error());
            logger.debug("Refused a token request for grant type {}: {}", tokenRequest.grantType(),
                    failure.getMessage());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", failure.error());
            body.put("error_description", failure.description());
            writeJson(response, HttpServletResponse.SC_BAD_REQUEST, body);
        }
    }

    private Map<String, Object> success(HttpServletRequest request, IssuedToken token) {
        String idUrl = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort() + "/id/"
                + this.orgId + "/" + token.user().userId();
        String issuedAt = Long.toString(token.issuedAt().toEpochMilli());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.accessToken());
        body.put("instance_url", this.myDomainUrl.get().toString());
        body.put("id", idUrl);
        body.put("token_type", "Bearer");
        body.put("issued_at", issuedAt);
        body.put("signature", signature(idUrl + issuedAt, token.consumerKey()));
        return body;
    }

    private String signature(String content, String consumerKey) {
        String secret = this.directory.app(consumerKey).map(app -> app.consumerSecret()).orElse(consumerKey);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private void record(TokenRequest request, int status, @Nullable String error) {
        String clientId = request.clientId();
        String username = request.username();
        if (TokenGrants.JWT_BEARER.equals(request.grantType())) {
            try {
                JwtAssertion assertion = JwtAssertion.parse(request.assertion());
                clientId = assertion.issuer();
                username = assertion.subject();
            }
            catch (OAuthFailure unreadable) {
                // recorded without iss/sub
            }
        }
        this.observations.tokenRequest(new TokenRequestObservation(request.grantType(), clientId, username,
                request.host(), status, error, this.clock.now()));
    }

    private static void writeJson(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache,must-revalidate,max-age=0,no-store,private");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

}
