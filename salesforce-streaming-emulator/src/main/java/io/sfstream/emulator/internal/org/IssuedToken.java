package io.sfstream.emulator.internal.org;

import java.time.Instant;

/**
 * An access token the org issued. {@link #toString()} never shows the token.
 *
 * @param accessToken the token value
 * @param user the user it acts for
 * @param consumerKey the connected app it was issued to
 * @param issuedAt when it was issued, on the emulator clock
 */
public record IssuedToken(String accessToken, UserAccount user, String consumerKey, Instant issuedAt) {

    @Override
    public String toString() {
        return "IssuedToken[user=" + this.user.username() + ", consumerKey=" + this.consumerKey + ", issuedAt="
                + this.issuedAt + "]";
    }
}
