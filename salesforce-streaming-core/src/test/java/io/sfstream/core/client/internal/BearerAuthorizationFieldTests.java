package io.sfstream.core.client.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpGenerator;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BearerAuthorizationFieldTests {

    @Test
    void theWireCarriesTheTokenButEveryStringFormMasksIt() {
        HttpFields.Mutable headers = HttpFields.build();
        headers.put(HttpHeader.HOST, "example.my.salesforce.com");
        headers.put(new BearerAuthorizationField("00Dxx!SECRET.TOKEN"));

        ByteBuffer wire = ByteBuffer.allocate(1024);
        HttpGenerator.putTo(headers, wire);
        wire.flip();
        assertThat(StandardCharsets.ISO_8859_1.decode(wire).toString())
            .contains("Authorization: Bearer 00Dxx!SECRET.TOKEN\r\n");

        assertThat(headers.toString()).contains("Authorization: Bearer ****").doesNotContain("SECRET");
        assertThat(headers.asImmutable().toString()).doesNotContain("SECRET");
        assertThat(headers.getField(HttpHeader.AUTHORIZATION).toString()).doesNotContain("SECRET");
        assertThat(headers.get(HttpHeader.AUTHORIZATION)).isEqualTo("Bearer ****");
    }

}
