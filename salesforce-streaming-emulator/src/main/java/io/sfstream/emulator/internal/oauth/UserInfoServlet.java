package io.sfstream.emulator.internal.oauth;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.sfstream.emulator.internal.org.AccessTokens;
import io.sfstream.emulator.internal.org.IssuedToken;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /services/oauth2/userinfo} with {@code Authorization: Bearer <token>}: the
 * token's user and org, as Salesforce's OpenID Connect user info endpoint answers them
 * ({@code sub}, {@code user_id}, {@code organization_id}, {@code preferred_username});
 * {@code 403 "Bad_OAuth_Token"} for a missing or revoked token. Pub/Sub API clients read
 * {@code organization_id} here when the token response did not give the org id.
 */
public final class UserInfoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final transient AccessTokens tokens;

    private final String orgId;

    /**
     * Creates the endpoint.
     * @param tokens the live access tokens
     * @param orgId the org id
     */
    public UserInfoServlet(AccessTokens tokens, String orgId) {
        this.tokens = tokens;
        this.orgId = orgId;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String header = request.getHeader("Authorization");
        String token = (header != null && header.toLowerCase(Locale.ROOT).startsWith("bearer "))
                ? header.substring(7).trim() : null;
        Optional<IssuedToken> issued = this.tokens.find(token);
        response.setContentType("application/json;charset=UTF-8");
        if (issued.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.getWriter().write("\"Bad_OAuth_Token\"");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String userId = issued.get().user().userId();
        body.put("sub", "http://localhost/id/" + this.orgId + "/" + userId);
        body.put("user_id", userId);
        body.put("organization_id", this.orgId);
        body.put("preferred_username", issued.get().user().username());
        response.getWriter().write(JSON.writeValueAsString(body));
    }

}
