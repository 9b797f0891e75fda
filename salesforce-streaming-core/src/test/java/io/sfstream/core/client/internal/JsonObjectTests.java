package io.sfstream.core.client.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link JsonObject} and {@link JsonArray}: maps and lists like the JDK's, whatever their
 * size, that cannot be changed.
 */
class JsonObjectTests {

    @Test
    void anObjectOfAnySizeFindsEveryKeyAndNoOther() {
        for (int size : new int[] { 0, 1, 8, 9, 40, 300 }) {
            String[] keys = new String[size];
            Object[] values = new Object[size];
            Map<String, Object> expected = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                keys[i] = "Field_" + i + "__c";
                values[i] = (i % 7 == 0) ? null : (long) i;
                expected.put(keys[i], values[i]);
            }
            JsonObject object = JsonObject.of(keys, values, 0, size);
            assertThat(object).as("size %d", size).isEqualTo(expected).hasSameHashCodeAs(expected);
            assertThat(object.keySet()).containsExactlyElementsOf(expected.keySet());
            for (int i = 0; i < size; i++) {
                // A key equal to the one read, not the same instance.
                String key = new String(keys[i].toCharArray());
                assertThat(object.containsKey(key)).isTrue();
                assertThat(object.get(key)).isEqualTo(values[i]);
            }
            assertThat(object.get("Absent__c")).isNull();
            assertThat(object.containsKey("Absent__c")).isFalse();
            assertThat(object.getOrDefault("Absent__c", "default")).isEqualTo("default");
            assertThat(object.get(1)).isNull();
            assertThat(object.toString()).isEqualTo(expected.toString());
        }
    }

    @Test
    void anObjectTakesOnlyItsShareOfTheArraysItIsBuiltFrom() {
        JsonObject object = JsonObject.of(new String[] { "x", "a", "b", "y" }, new Object[] { 0, 1, 2, 3 }, 1, 2);
        assertThat(object).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
    }

    @Test
    void everyMutatorOfAnObjectThrows() {
        JsonObject object = JsonObject.of(new String[] { "a" }, new Object[] { 1L }, 0, 1);
        List<Runnable> mutators = List.of(() -> object.put("b", 2), () -> object.remove("a"),
                () -> object.remove("absent"), () -> object.putAll(Map.of("c", 3)), object::clear,
                () -> object.replaceAll((key, value) -> value), () -> object.putIfAbsent("d", 1),
                () -> object.remove("a", 1L), () -> object.replace("a", 2), () -> object.replace("a", 1L, 2),
                () -> object.computeIfAbsent("e", (key) -> 1), () -> object.computeIfPresent("a", (key, value) -> 1),
                () -> object.compute("a", (key, value) -> 1), () -> object.merge("a", 1, (a, b) -> b),
                () -> object.entrySet().iterator().next().setValue(2), () -> object.keySet().clear(),
                () -> object.values().clear());
        for (Runnable mutator : mutators) {
            assertThatThrownBy(mutator::run).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThat(object).containsExactly(Map.entry("a", 1L));
    }

    @Test
    void everyMutatorOfAnArrayThrows() {
        JsonArray array = JsonArray.of(new Object[] { "a", null, 3L }, 0, 3);
        assertThat(array).containsExactly("a", null, 3L).isEqualTo(java.util.Arrays.asList("a", null, 3L));
        assertThat(array.subList(1, 3)).containsExactly(null, 3L);
        List<Runnable> mutators = List.of(() -> array.add("b"), () -> array.add(0, "b"), () -> array.set(0, "b"),
                () -> array.remove(0), () -> array.remove("a"), () -> array.addAll(List.of("c")),
                () -> array.addAll(0, List.of("c")), () -> array.removeAll(List.of("a")),
                () -> array.retainAll(List.of("a")), () -> array.removeIf((item) -> true),
                () -> array.replaceAll((item) -> item), () -> array.sort(null), array::clear,
                () -> JsonArray.EMPTY.clear(), () -> array.subList(0, 1).clear(), () -> {
                    var items = array.iterator();
                    items.next();
                    items.remove();
                });
        for (Runnable mutator : mutators) {
            assertThatThrownBy(mutator::run).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThat(array).containsExactly("a", null, 3L);
        assertThatThrownBy(() -> array.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

}
