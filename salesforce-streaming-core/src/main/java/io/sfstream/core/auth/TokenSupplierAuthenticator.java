package io.sfstream.core.auth;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * An authenticator for applications that obtain tokens elsewhere (a secrets manager,
 * another OAuth library). The supplier is called whenever the client needs a new token
 * and must return a fresh one each time Salesforce has refused the previous one.
 */
public final class TokenSupplierAuthenticator implements Authenticator {

    private final Supplier<AccessToken> supplier;

    /**
     * Creates the authenticator.
     * @param supplier supplies a current access token and instance URL
     */
    public TokenSupplierAuthenticator(Supplier<AccessToken> supplier) {
        this.supplier = Objects.requireNonNull(supplier, "supplier");
    }

    @Override
    public AccessToken authenticate() {
        return Objects.requireNonNull(this.supplier.get(), "the token supplier returned null");
    }

    @Override
    public String toString() {
        return "TokenSupplierAuthenticator";
    }

}
