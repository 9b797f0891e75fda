package io.sfstream.emulator.internal.org;

import java.security.cert.X509Certificate;

import org.jspecify.annotations.Nullable;

/**
 * A connected app of the emulated org. {@link #toString()} never shows the consumer
 * secret.
 *
 * @param consumerKey the consumer key ({@code client_id})
 * @param consumerSecret the consumer secret ({@code client_secret})
 * @param certificate the certificate whose key signs JWT bearer assertions, or
 * {@code null}
 */
public record ConnectedApp(String consumerKey, String consumerSecret, @Nullable X509Certificate certificate) {

    @Override
    public String toString() {
        return "ConnectedApp[consumerKey=" + this.consumerKey + ", jwt=" + (this.certificate != null) + "]";
    }
}
