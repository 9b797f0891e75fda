package io.sfstream.emulator.internal.org;

/**
 * What a configured refresh token stands for. {@link #toString()} never shows the token.
 *
 * @param refreshToken the refresh token value
 * @param consumerKey the connected app it was issued to
 * @param username the user it acts for
 */
public record RefreshGrant(String refreshToken, String consumerKey, String username) {

    @Override
    public String toString() {
        return "RefreshGrant[consumerKey=" + this.consumerKey + ", username=" + this.username + "]";
    }
}
