package io.sfstream.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata IDEs and {@code spring-boot-properties-migrator} read: every property that
 * has a default declares it, the health indicator's switch is declared, and the
 * auto-configurations' conditions are precomputed.
 */
class ConfigurationMetadataTests {

    /**
     * Properties that have no default: credentials, values derived at startup, detected
     * platforms.
     */
    private static final Set<String> WITHOUT_DEFAULT = Set.of("salesforce.streaming.auth-flow",
            "salesforce.streaming.consumer-key", "salesforce.streaming.consumer-secret",
            "salesforce.streaming.jwt.audience", "salesforce.streaming.jwt.private-key",
            "salesforce.streaming.leader.platform", "salesforce.streaming.password",
            "salesforce.streaming.refresh-token", "salesforce.streaming.replay.jdbc.consumer-group",
            "salesforce.streaming.replay.jdbc.platform", "salesforce.streaming.security-token",
            "salesforce.streaming.username", "salesforce.streaming.proxy.host", "salesforce.streaming.proxy.port",
            "salesforce.streaming.proxy.username", "salesforce.streaming.proxy.password",
            "salesforce.streaming.ssl.bundle");

    private final JsonNode metadata = read("META-INF/spring-configuration-metadata.json");

    @Test
    void everyPropertyWithADefaultDeclaresIt() {
        List<String> missing = new ArrayList<>();
        for (JsonNode property : this.metadata.get("properties")) {
            String name = property.get("name").asString();
            if (!property.has("defaultValue") && !WITHOUT_DEFAULT.contains(name)) {
                missing.add(name);
            }
        }
        assertThat(missing).as("properties without a declared default").isEmpty();
    }

    @Test
    void everyPropertyIsDescribed() {
        List<String> undescribed = new ArrayList<>();
        for (JsonNode property : this.metadata.get("properties")) {
            if (!property.has("description") || property.get("description").asString().isBlank()) {
                undescribed.add(property.get("name").asString());
            }
        }
        assertThat(undescribed).isEmpty();
    }

    @Test
    void theHealthIndicatorSwitchAndTheReplayFileDefaultAreDeclared() {
        assertThat(property("management.health.salesforce-streaming.enabled").get("defaultValue").asBoolean()).isTrue();
        assertThat(property("salesforce.streaming.replay.file").get("defaultValue").asString())
            .isEqualTo(".sfstream/replay-positions.json");
    }

    @Test
    void autoConfigurationConditionsArePrecomputed() throws IOException {
        Properties conditions = new Properties();
        try (InputStream in = ours("META-INF/spring-autoconfigure-metadata.properties").openStream()) {
            conditions.load(in);
        }
        assertThat(conditions.stringPropertyNames())
            .anyMatch((key) -> key.startsWith(SalesforceStreamingAutoConfiguration.class.getName() + "."));
    }

    private JsonNode property(String name) {
        for (JsonNode property : this.metadata.get("properties")) {
            if (property.get("name").asString().equals(name)) {
                return property;
            }
        }
        throw new AssertionError("no metadata for " + name);
    }

    private static JsonNode read(String location) {
        try (InputStream in = ours(location).openStream()) {
            return JsonMapper.builder().build().readTree(in);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** This module's copy of a resource every Spring Boot jar has one of. */
    private static URL ours(String location) throws IOException {
        String classes = SalesforceStreamingAutoConfiguration.class.getProtectionDomain()
            .getCodeSource()
            .getLocation()
            .toString();
        for (URL url : Collections.list(ConfigurationMetadataTests.class.getClassLoader().getResources(location))) {
            if (url.toString().startsWith(classes) || url.toString().contains(classes)) {
                return url;
            }
        }
        throw new AssertionError(location + " not found in " + classes);
    }

}
