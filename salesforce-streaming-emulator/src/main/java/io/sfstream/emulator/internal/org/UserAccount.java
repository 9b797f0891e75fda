package io.sfstream.emulator.internal.org;

/**
 * A user of the emulated org. {@link #toString()} never shows the password or security
 * token.
 *
 * @param username the login name
 * @param password the password
 * @param securityToken the security token appended to the password in the
 * username-password flow
 * @param userId the user's 18-character id ({@code 005...})
 */
public record UserAccount(String username, String password, String securityToken, String userId) {

    @Override
    public String toString() {
        return "UserAccount[username=" + this.username + ", userId=" + this.userId + "]";
    }
}
