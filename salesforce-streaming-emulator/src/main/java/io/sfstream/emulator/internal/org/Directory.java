package io.sfstream.emulator.internal.org;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Users, connected apps, refresh tokens and client-credentials run-as users of the
 * emulated org.
 *
 * <p>
 * Thread-safe.
 */
public final class Directory {

    private final Map<String, UserAccount> users = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    private final Map<String, ConnectedApp> apps = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    private final Map<String, RefreshGrant> refreshGrants = new ConcurrentHashMap<>();

    private final Map<String, String> clientCredentialsUsers = new ConcurrentHashMap<>();

    /**
     * Adds a user, or replaces the one with the same username.
     * @param username the login name
     * @param password the password
     * @param securityToken the security token
     */
    public void addUser(String username, String password, String securityToken) {
        this.users.put(username, new UserAccount(username, password, securityToken, SalesforceIds.newId("005")));
    }

    /**
     * Adds a connected app, or replaces the one with the same consumer key.
     * @param app the app
     */
    public void addApp(ConnectedApp app) {
        this.apps.put(app.consumerKey(), app);
    }

    /**
     * Registers a refresh token.
     * @param grant what the token stands for
     */
    public void addRefreshToken(RefreshGrant grant) {
        this.refreshGrants.put(grant.refreshToken(), grant);
    }

    /**
     * Sets the user the client-credentials flow of an app runs as.
     * @param consumerKey the app
     * @param username the run-as user
     */
    public void setClientCredentialsUser(String consumerKey, String username) {
        this.clientCredentialsUsers.put(consumerKey, username);
    }

    /**
     * Makes every app's client-credentials flow run as {@code username}.
     * @param username the run-as user
     */
    public void setClientCredentialsUserForAllApps(String username) {
        synchronized (this.apps) {
            this.apps.keySet().forEach(key -> this.clientCredentialsUsers.put(key, username));
        }
    }

    /**
     * Returns the consumer key of the first configured app.
     * @return the consumer key
     * @throws IllegalStateException when there is no app
     */
    public String firstAppKey() {
        synchronized (this.apps) {
            return this.apps.keySet()
                .stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No app configured"));
        }
    }

    /**
     * Finds a user.
     * @param username the login name, may be {@code null}
     * @return the user, if any
     */
    public Optional<UserAccount> user(@Nullable String username) {
        return username == null ? Optional.empty() : Optional.ofNullable(this.users.get(username));
    }

    /**
     * Returns the first configured user.
     * @return the first user
     * @throws IllegalStateException when there is no user
     */
    public UserAccount firstUser() {
        synchronized (this.users) {
            return this.users.values()
                .stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No user configured"));
        }
    }

    /**
     * Returns whether any user is configured.
     * @return {@code true} when at least one user exists
     */
    public boolean hasUsers() {
        return !this.users.isEmpty();
    }

    /**
     * Returns whether any connected app is configured.
     * @return {@code true} when at least one app exists
     */
    public boolean hasApps() {
        return !this.apps.isEmpty();
    }

    /**
     * Finds a connected app.
     * @param consumerKey the consumer key, may be {@code null}
     * @return the app, if any
     */
    public Optional<ConnectedApp> app(@Nullable String consumerKey) {
        return consumerKey == null ? Optional.empty() : Optional.ofNullable(this.apps.get(consumerKey));
    }

    /**
     * Finds a refresh token.
     * @param refreshToken the token, may be {@code null}
     * @return what it stands for, if known
     */
    public Optional<RefreshGrant> refreshGrant(@Nullable String refreshToken) {
        return refreshToken == null ? Optional.empty() : Optional.ofNullable(this.refreshGrants.get(refreshToken));
    }

    /**
     * Finds the run-as user of an app's client-credentials flow.
     * @param consumerKey the app
     * @return the user, if configured
     */
    public Optional<UserAccount> clientCredentialsUser(String consumerKey) {
        return user(this.clientCredentialsUsers.get(consumerKey));
    }

}
