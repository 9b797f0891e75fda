package io.sfstream.core.client.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * An immutable JSON object as {@link MessageReader} builds it from a response: its keys
 * and values in two arrays, in the order received, with a small hash index over the keys
 * of a larger object. It costs a fraction of a {@code LinkedHashMap} wrapped in an
 * unmodifiable view (no entry objects, no copy), and needs no freezing: the values are
 * strings, numbers, booleans, {@code null}, and further {@link JsonObject}s and
 * {@link JsonArray}s. Every mutator throws {@link UnsupportedOperationException}.
 * Thread-safe.
 */
final class JsonObject extends AbstractMap<String, @Nullable Object> {

    /** Objects with up to this many keys are searched without an index. */
    static final int MAX_SCANNED_KEYS = 8;

    /** Objects with this many keys or more are indexed by a map. */
    private static final int MAX_SLOT_KEYS = Character.MAX_VALUE;

    static final JsonObject EMPTY = new JsonObject(new String[0], new Object[0], null);

    private final String[] keys;

    private final @Nullable Object[] values;

    /**
     * {@code null} for a small object; else a {@code char[]} of open-addressing slots
     * holding each key's position plus one ({@code 0}: empty), or for a huge object a
     * {@code Map<String, Integer>}.
     */
    private final @Nullable Object index;

    private JsonObject(String[] keys, @Nullable Object[] values, @Nullable Object index) {
        this.keys = keys;
        this.values = values;
        this.index = index;
    }

    /**
     * Creates an object from keys and values in the order received. A key present twice
     * keeps its first position and its last value, as a {@code LinkedHashMap} would.
     * @param keys the keys, copied
     * @param values the values, copied
     * @param from the first position to take in both arrays
     * @param count how many keys to take
     * @return the object
     */
    static JsonObject of(String[] keys, @Nullable Object[] values, int from, int count) {
        if (count == 0) {
            return EMPTY;
        }
        String[] ownKeys = new String[count];
        @Nullable Object[] ownValues = new Object[count];
        System.arraycopy(keys, from, ownKeys, 0, count);
        System.arraycopy(values, from, ownValues, 0, count);
        if (count <= MAX_SCANNED_KEYS) {
            return smallObject(ownKeys, ownValues);
        }
        if (count < MAX_SLOT_KEYS) {
            return slottedObject(ownKeys, ownValues);
        }
        return mappedObject(ownKeys, ownValues);
    }

    private static JsonObject smallObject(String[] keys, @Nullable Object[] values) {
        int size = keys.length;
        for (int i = 1; i < size; i++) {
            for (int j = 0; j < i; j++) {
                if (keys[j].equals(keys[i])) {
                    return dropDuplicates(keys, values);
                }
            }
        }
        return new JsonObject(keys, values, null);
    }

    private static JsonObject slottedObject(String[] keys, @Nullable Object[] values) {
        char[] slots = new char[slotCount(keys.length)];
        int mask = slots.length - 1;
        for (int i = 0; i < keys.length; i++) {
            String key = keys[i];
            for (int slot = spread(key.hashCode()) & mask;; slot = (slot + 1) & mask) {
                int taken = slots[slot];
                if (taken == 0) {
                    slots[slot] = (char) (i + 1);
                    break;
                }
                if (keys[taken - 1].equals(key)) {
                    return dropDuplicates(keys, values);
                }
            }
        }
        return new JsonObject(keys, values, slots);
    }

    private static JsonObject mappedObject(String[] keys, @Nullable Object[] values) {
        Map<String, Integer> positions = new java.util.HashMap<>(keys.length * 2);
        for (int i = 0; i < keys.length; i++) {
            if (positions.putIfAbsent(keys[i], i) != null) {
                return dropDuplicates(keys, values);
            }
        }
        return new JsonObject(keys, values, positions);
    }

    /**
     * The rare object with a key twice: rebuilt through a {@code LinkedHashMap}, which
     * keeps each key's first position and last value.
     */
    private static JsonObject dropDuplicates(String[] keys, @Nullable Object[] values) {
        Map<String, @Nullable Object> unique = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            unique.put(keys[i], values[i]);
        }
        String[] uniqueKeys = unique.keySet().toArray(new String[0]);
        @Nullable Object[] uniqueValues = unique.values().toArray();
        return of(uniqueKeys, uniqueValues, 0, uniqueKeys.length);
    }

    private static int slotCount(int size) {
        // A load factor of at most 2/3.
        int slots = Integer.highestOneBit(size * 3 / 2) << 1;
        return Math.max(16, slots);
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private int indexOf(@Nullable Object key) {
        if (!(key instanceof String)) {
            return -1;
        }
        Object found = this.index;
        if (found == null) {
            String[] all = this.keys;
            // The keys are interned (MessageReader), as are the constants looked up: a
            // first pass by identity reads no string.
            for (int i = 0; i < all.length; i++) {
                if (all[i] == key) {
                    return i;
                }
            }
            for (int i = 0; i < all.length; i++) {
                if (all[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }
        if (found instanceof char[] slots) {
            int mask = slots.length - 1;
            for (int slot = spread(key.hashCode()) & mask;; slot = (slot + 1) & mask) {
                int taken = slots[slot];
                if (taken == 0) {
                    return -1;
                }
                if (this.keys[taken - 1].equals(key)) {
                    return taken - 1;
                }
            }
        }
        @SuppressWarnings("unchecked")
        Integer position = ((Map<String, Integer>) found).get(key);
        return (position != null) ? position : -1;
    }

    @Override
    public @Nullable Object get(@Nullable Object key) {
        int position = indexOf(key);
        return (position >= 0) ? this.values[position] : null;
    }

    @Override
    public @Nullable Object getOrDefault(@Nullable Object key, @Nullable Object defaultValue) {
        int position = indexOf(key);
        return (position >= 0) ? this.values[position] : defaultValue;
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return this.keys.length;
    }

    @Override
    public boolean isEmpty() {
        return this.keys.length == 0;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super @Nullable Object> action) {
        for (int i = 0; i < this.keys.length; i++) {
            action.accept(this.keys[i], this.values[i]);
        }
    }

    @Override
    public Set<Map.Entry<String, @Nullable Object>> entrySet() {
        return new AbstractSet<>() {

            @Override
            public int size() {
                return JsonObject.this.keys.length;
            }

            @Override
            public Iterator<Map.Entry<String, @Nullable Object>> iterator() {
                return new Iterator<>() {

                    private int next;

                    @Override
                    public boolean hasNext() {
                        return this.next < JsonObject.this.keys.length;
                    }

                    @Override
                    public Map.Entry<String, @Nullable Object> next() {
                        int position = this.next;
                        if (position >= JsonObject.this.keys.length) {
                            throw new NoSuchElementException();
                        }
                        this.next = position + 1;
                        return new AbstractMap.SimpleImmutableEntry<>(JsonObject.this.keys[position],
                                JsonObject.this.values[position]);
                    }
                };
            }
        };
    }

    @Override
    public @Nullable Object put(String key, @Nullable Object value) {
        throw unmodifiable();
    }

    @Override
    public @Nullable Object remove(@Nullable Object key) {
        throw unmodifiable();
    }

    @Override
    public void putAll(Map<? extends String, ? extends @Nullable Object> map) {
        throw unmodifiable();
    }

    @Override
    public void clear() {
        throw unmodifiable();
    }

    @Override
    public void replaceAll(BiFunction<? super String, ? super @Nullable Object, ? extends @Nullable Object> function) {
        throw unmodifiable();
    }

    @Override
    public @Nullable Object putIfAbsent(String key, @Nullable Object value) {
        throw unmodifiable();
    }

    @Override
    public boolean remove(@Nullable Object key, @Nullable Object value) {
        throw unmodifiable();
    }

    @Override
    public boolean replace(String key, @Nullable Object oldValue, @Nullable Object newValue) {
        throw unmodifiable();
    }

    @Override
    public @Nullable Object replace(String key, @Nullable Object value) {
        throw unmodifiable();
    }

    @Override
    public @Nullable Object computeIfAbsent(String key,
            Function<? super String, ? extends @Nullable Object> mappingFunction) {
        throw unmodifiable();
    }

    @Override
    public @Nullable Object computeIfPresent(String key,
            BiFunction<? super String, ? super Object, ? extends @Nullable Object> remappingFunction) {
        throw unmodifiable();
    }

    @Override
    public @Nullable Object compute(String key,
            BiFunction<? super String, ? super @Nullable Object, ? extends @Nullable Object> remappingFunction) {
        throw unmodifiable();
    }

    @Override
    public @Nullable Object merge(String key, Object value,
            BiFunction<? super Object, ? super Object, ? extends @Nullable Object> remappingFunction) {
        throw unmodifiable();
    }

    private static UnsupportedOperationException unmodifiable() {
        return new UnsupportedOperationException("An event's JSON is immutable");
    }

}
