package io.sfstream.core.client.internal;

import io.sfstream.core.http.HttpSettings;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpClientsTests {

    @Test
    void certificatesAndHostNamesAreValidated() {
        HttpClient client = HttpClients.create(HttpSettings.direct());
        try {
            assertThat(client.getSslContextFactory().isTrustAll()).isFalse();
            assertThat(client.getSslContextFactory().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        }
        finally {
            HttpClients.stop(client);
        }
    }

}
