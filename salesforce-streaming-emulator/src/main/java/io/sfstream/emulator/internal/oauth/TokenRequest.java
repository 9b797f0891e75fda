package io.sfstream.emulator.internal.oauth;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The form parameters of one token request, and the host it was addressed to.
 *
 * @param grantType {@code grant_type}
 * @param clientId {@code client_id}
 * @param clientSecret {@code client_secret}
 * @param username {@code username}
 * @param password {@code password} (with the security token appended)
 * @param refreshToken {@code refresh_token}
 * @param assertion {@code assertion} (a JWT)
 * @param host the host name of the request ({@code Host} header)
 */
record TokenRequest(@Nullable String grantType, @Nullable String clientId, @Nullable String clientSecret,
        @Nullable String username, @Nullable String password, @Nullable String refreshToken, @Nullable String assertion,
        String host) {

    static TokenRequest from(HttpServletRequest request) {
        return new TokenRequest(request.getParameter("grant_type"), request.getParameter("client_id"),
                request.getParameter("client_secret"), request.getParameter("username"),
                request.getParameter("password"), request.getParameter("refresh_token"),
                request.getParameter("assertion"), request.getServerName());
    }

    @Override
    public String toString() {
        return "TokenRequest[grantType=" + this.grantType + ", clientId=" + this.clientId + ", host=" + this.host + "]";
    }
}
