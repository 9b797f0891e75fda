package io.sfstream.spring.listener;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadConverterTests {

    private final JsonMapper mapper = JsonMapper.builder().build();

    record Header(String entityName, List<String> recordIds, String changeType, long commitTimestamp) {
    }

    record Change(String Name, Double AnnualRevenue, Integer NumberOfEmployees, long SentMicros__c,
            Header ChangeEventHeader, boolean Active, List<Integer> Scores) {
    }

    static final class Bean {

        public String name;

        public BigDecimal amount;

        public BigInteger big;

        public float ratio;

        public short small;

        public Map<String, Object> nested;

        public List<Object> items;

        public Instant when;

        @JsonProperty("Renamed")
        public String renamed;

    }

    static final class Open {

        public String name;

        public final Map<String, Object> others = new LinkedHashMap<>();

        @JsonAnySetter
        void other(String key, Object value) {
            this.others.put(key, value);
        }

    }

    private static Map<String, Object> changePayload() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("entityName", "Account");
        header.put("recordIds", new ArrayList<>(List.of("001A", "001B")));
        header.put("changeType", "UPDATE");
        header.put("changedFields", new ArrayList<>(List.of("Name", "Phone")));
        header.put("commitTimestamp", 1_767_225_600_000L);
        header.put("nulledFields", new ArrayList<>());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("Name", "Acme");
        payload.put("Type", "Customer");
        payload.put("AnnualRevenue", 125_000_000.0);
        payload.put("NumberOfEmployees", 4_200);
        payload.put("Description", null);
        payload.put("SentMicros__c", 1_767_225_600_000_123L);
        payload.put("ChangeEventHeader", header);
        payload.put("Active", true);
        payload.put("Scores", new ArrayList<>(List.of(1, 2, 3)));
        payload.put("Unknown", Map.of("deep", List.of(Map.of("x", 1))));
        return Collections.unmodifiableMap(payload);
    }

    private Object viaParser(Map<String, Object> payload, JavaType type) {
        return new PayloadConverter(this.mapper, type).convert(payload);
    }

    private Object viaConvertValue(Map<String, Object> payload, JavaType type) {
        return this.mapper.convertValue(payload, type);
    }

    @Test
    void recordWithNestedRecordListsAndUnknownPropertiesMatchesConvertValue() {
        JavaType type = this.mapper.constructType(Change.class);
        Object converted = viaParser(changePayload(), type);
        assertThat(converted).isEqualTo(viaConvertValue(changePayload(), type));
        Change change = (Change) converted;
        assertThat(change.ChangeEventHeader().recordIds()).containsExactly("001A", "001B");
        assertThat(change.NumberOfEmployees()).isEqualTo(4_200);
        assertThat(change.SentMicros__c()).isEqualTo(1_767_225_600_000_123L);
    }

    @Test
    void numbersAreCoercedAsConvertValueDoes() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("name", 42);
        payload.put("amount", 12.5);
        payload.put("big", 12_345_678_901L);
        payload.put("ratio", 2);
        payload.put("small", 7L);
        payload.put("nested", Map.of("a", List.of(1, 2.5, "x", false)));
        payload.put("items", Arrays.asList(1L, null, new BigDecimal("1.25"), BigInteger.TEN));
        payload.put("when", "2026-01-01T00:00:00Z");
        payload.put("Renamed", "yes");
        JavaType type = this.mapper.constructType(Bean.class);
        Bean parsed = (Bean) viaParser(payload, type);
        Bean converted = (Bean) viaConvertValue(payload, type);
        assertThat(parsed).usingRecursiveComparison().isEqualTo(converted);
        assertThat(parsed.when).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(parsed.renamed).isEqualTo("yes");
    }

    @Test
    void anySetterReceivesTheUnknownPropertiesWithTheirNestedValues() {
        JavaType type = this.mapper.constructType(Open.class);
        Open parsed = (Open) viaParser(changePayload(), type);
        assertThat(parsed.others).isEqualTo(((Open) viaConvertValue(changePayload(), type)).others);
        assertThat(parsed.others).containsKey("ChangeEventHeader");
    }

    @Test
    void jsonNodeAndMapTargetsMatchConvertValue() {
        for (JavaType type : List.of(this.mapper.constructType(JsonNode.class),
                this.mapper.constructType(new TypeReference<Map<String, Object>>() {
                }))) {
            assertThat(viaParser(changePayload(), type)).isEqualTo(viaConvertValue(changePayload(), type));
        }
    }

    @Test
    void anIntegerTooLargeForTheFieldFailsLikeConvertValue() {
        Map<String, Object> payload = Map.of("NumberOfEmployees", 10_000_000_000L);
        JavaType type = this.mapper.constructType(Change.class);
        assertThatThrownBy(() -> viaConvertValue(payload, type)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> viaParser(payload, type)).isInstanceOf(JacksonException.class)
            .hasMessageContaining("NumberOfEmployees");
    }

    @Test
    void aMismatchedTypeFailsWithTheJacksonException() {
        Map<String, Object> payload = Map.of("Scores", "not a list", "Name", List.of("x"));
        JavaType type = this.mapper.constructType(Change.class);
        assertThatThrownBy(() -> viaParser(payload, type)).isInstanceOf(JacksonException.class);
    }

    @Test
    void unknownPropertiesFailWhenTheMapperSaysSo() {
        JsonMapper strict = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        PayloadConverter converter = new PayloadConverter(strict, strict.constructType(Change.class));
        assertThatThrownBy(() -> converter.convert(changePayload())).isInstanceOf(JacksonException.class)
            .hasMessageContaining("Type");
    }

    @Test
    void aProblemHandlerStillSeesTheUnknownPropertiesOfARecord() {
        List<String> unknown = new ArrayList<>();
        JsonMapper withHandler = JsonMapper.builder().addHandler(new DeserializationProblemHandler() {

            @Override
            public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                    ValueDeserializer<?> deserializer, Object beanOrClass, String propertyName) {
                unknown.add(propertyName);
                p.skipChildren();
                return true;
            }
        }).build();
        new PayloadConverter(withHandler, withHandler.constructType(Change.class)).convert(changePayload());
        assertThat(unknown).contains("Type", "Description", "Unknown").doesNotContain("Name");
    }

    @Test
    void recordsReachableThroughComponentsAreFound() {
        Set<Class<?>> records = new LinkedHashSet<>();
        RecordReading.collectRecords(Change.class, records, 0);
        assertThat(records).containsExactly(Change.class, Header.class);
        records.clear();
        RecordReading.collectRecords(Bean.class, records, 0);
        assertThat(records).isEmpty();
    }

    @Test
    void aValueThatIsNotJsonFallsBackToConvertValue() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("name", "x");
        payload.put("when", Instant.parse("2026-01-01T00:00:00Z"));
        payload.put("items", new Object[] { 1, "two" });
        JavaType type = this.mapper.constructType(Bean.class);
        Bean parsed = (Bean) viaParser(payload, type);
        assertThat(parsed).usingRecursiveComparison().isEqualTo(viaConvertValue(payload, type));
        assertThat(parsed.when).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(parsed.items).containsExactly(1, "two");
    }

    @Test
    void parserReportsNamesContextsAndSkipsContainersAtOnce() {
        try (PayloadParser parser = new PayloadParser(changePayload())) {
            assertThat(parser.nextToken()).isEqualTo(tools.jackson.core.JsonToken.START_OBJECT);
            assertThat(parser.streamReadContext().inObject()).isTrue();
            String name;
            int properties = 0;
            while ((name = parser.nextName()) != null) {
                properties++;
                tools.jackson.core.JsonToken value = parser.nextToken();
                if (name.equals("ChangeEventHeader")) {
                    assertThat(value).isEqualTo(tools.jackson.core.JsonToken.START_OBJECT);
                    assertThat(parser.currentName()).isEqualTo("ChangeEventHeader");
                    assertThat(parser.streamReadContext().getNestingDepth()).isEqualTo(2);
                    parser.skipChildren();
                    assertThat(parser.currentToken()).isEqualTo(tools.jackson.core.JsonToken.END_OBJECT);
                    assertThat(parser.streamReadContext().getNestingDepth()).isEqualTo(1);
                }
                else if (value.isStructStart()) {
                    parser.skipChildren();
                }
                else if (name.equals("NumberOfEmployees")) {
                    assertThat(parser.getNumberType()).isEqualTo(tools.jackson.core.JsonParser.NumberType.INT);
                    assertThat(parser.getString()).isEqualTo("4200");
                }
            }
            assertThat(properties).isEqualTo(changePayload().size());
            assertThat(parser.currentToken()).isEqualTo(tools.jackson.core.JsonToken.END_OBJECT);
            assertThat(parser.nextToken()).isNull();
        }
    }

}
