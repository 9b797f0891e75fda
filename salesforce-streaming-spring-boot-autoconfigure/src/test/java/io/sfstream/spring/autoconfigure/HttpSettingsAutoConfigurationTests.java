package io.sfstream.spring.autoconfigure;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;

import io.sfstream.core.http.HttpProxy;
import io.sfstream.core.http.HttpSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code salesforce.streaming.proxy.*} and {@code salesforce.streaming.ssl.bundle}
 * become the {@link HttpSettings} bean that the authenticator and the client share.
 */
class HttpSettingsAutoConfigurationTests {

    private static final URI SALESFORCE = URI.create("https://acme.my.salesforce.com/cometd/64.0");

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SalesforceStreamingAutoConfiguration.class))
        .withPropertyValues("salesforce.streaming.consumer-key=key", "salesforce.streaming.consumer-secret=secret",
                "salesforce.streaming.username=user@example.com", "salesforce.streaming.password=password",
                "salesforce.streaming.replay.store=memory");

    @Test
    void theProxyPropertiesBecomeTheProxyOfEveryRequest() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.proxy.host=proxy.corp", "salesforce.streaming.proxy.port=3128",
                    "salesforce.streaming.proxy.username=svc", "salesforce.streaming.proxy.password=pr0xy-S3cret",
                    "salesforce.streaming.proxy.non-proxy-hosts=*.corp,10.*")
            .run((context) -> {
                HttpSettings http = context.getBean(HttpSettings.class);
                assertThat(http.proxyFor(SALESFORCE))
                    .isEqualTo(new HttpProxy("proxy.corp", 3128, "svc", "pr0xy-S3cret", List.of("*.corp", "10.*")));
                assertThat(http.proxyFor(URI.create("https://db.corp/"))).isNull();
                assertThat(http.sslContext()).isNull();
            });
    }

    @Test
    void withoutProxyPropertiesTheJvmsApply() {
        this.contextRunner.run((context) -> assertThat(context.getBean(HttpSettings.class).proxies())
            .isEqualTo(HttpSettings.systemDefault().proxies()));
    }

    @Test
    void anApplicationsOwnHttpSettingsAreUsed() {
        HttpSettings own = HttpSettings.direct().withProxy(HttpProxy.of("own-proxy", 8080));
        this.contextRunner.withBean(HttpSettings.class, () -> own)
            .run((context) -> assertThat(context.getBean(HttpSettings.class)).isSameAs(own));
    }

    @Test
    void aProxyHostWithoutAPortFailsStartupNamingThePortProperty() {
        this.contextRunner.withPropertyValues("salesforce.streaming.proxy.host=proxy.corp").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("salesforce.streaming.proxy.port");
        });
    }

    @Test
    void proxyCredentialsWithoutAHostFailStartupNamingTheHostProperty() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.proxy.username=svc",
                    "salesforce.streaming.proxy.password=pr0xy-S3cret")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasStackTraceContaining("salesforce.streaming.proxy.host")
                    .satisfies((failure) -> assertThat(stackTrace(failure)).doesNotContain("pr0xy-S3cret"));
            });
    }

    @Test
    void aProxyPasswordWithoutAUsernameFailsStartupWithoutShowingIt() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.proxy.host=proxy.corp", "salesforce.streaming.proxy.port=3128",
                    "salesforce.streaming.proxy.password=pr0xy-S3cret")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasStackTraceContaining("salesforce.streaming.proxy.username");
                assertThat(stackTrace(context.getStartupFailure())).doesNotContain("pr0xy-S3cret");
            });
    }

    @Test
    void aBundleNameWithoutSslBundlesFailsStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("salesforce.streaming.ssl.bundle=corporate").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("salesforce.streaming.ssl.bundle")
                .hasStackTraceContaining("corporate");
        });
    }

    @Test
    void theProxyPasswordIsMaskedInActuatorOutput() {
        SalesforceStreamingSanitizingFunction function = new SalesforceStreamingSanitizingFunction();
        for (String key : List.of("salesforce.streaming.proxy.password", "SALESFORCE_STREAMING_PROXY_PASSWORD",
                "salesforce.streaming.proxy.Password")) {
            assertThat(function.apply(new SanitizableData(null, key, "pr0xy-S3cret")).getValue())
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
        }
    }

    private static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

}
