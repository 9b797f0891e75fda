package io.sfstream.core.client.internal;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.cometd.common.HashMapMessage;
import org.jspecify.annotations.Nullable;

/**
 * Unmodifiable views of JSON values as a parser built them (objects as {@link HashMap}s,
 * arrays as {@link ArrayList}s or {@code Object[]}), instead of deep copies: a nested
 * object or array is wrapped when it is read, so an event whose payload is read in part
 * costs only what is read. Arrays are seen as lists. The wrapped values must not change
 * afterwards (the parser that built them hands them over); maps and lists of any other
 * type are copied up front with the given copier; {@link JsonObject}s and
 * {@link JsonArray}s, immutable already, are returned as they are. Views hold no state of
 * their own, so they are as thread-safe as the values they wrap.
 */
final class FrozenJson {

    private FrozenJson() {
    }

    /**
     * Whether a map can be wrapped rather than copied.
     * @param map a map
     * @return whether it is a plain, parser-built map
     */
    static boolean isWrappable(Map<?, ?> map) {
        Class<?> type = map.getClass();
        return type == HashMap.class || type == LinkedHashMap.class || type == HashMapMessage.class;
    }

    /**
     * Returns the unmodifiable view of a parser-built map with string keys.
     * @param map the map, handed over
     * @param copier copies values that cannot be wrapped
     * @return the view
     */
    static Map<String, Object> map(Map<String, Object> map, Function<@Nullable Object, @Nullable Object> copier) {
        return new FrozenMap(map, copier);
    }

    @SuppressWarnings("unchecked")
    static @Nullable Object value(@Nullable Object value, Function<@Nullable Object, @Nullable Object> copier) {
        if (value instanceof JsonObject || value instanceof JsonArray) {
            // Built immutable by the response reader.
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return isWrappable(map) ? new FrozenMap((Map<String, Object>) map, copier) : copier.apply(value);
        }
        if (value instanceof Object[] array) {
            return new FrozenList(Arrays.asList(array), copier);
        }
        if (value instanceof ArrayList<?> list && list.getClass() == ArrayList.class) {
            return new FrozenList((List<@Nullable Object>) list, copier);
        }
        if (value instanceof Collection<?>) {
            return copier.apply(value);
        }
        return value;
    }

    private static final class FrozenMap extends AbstractMap<String, Object> {

        private final Map<String, Object> map;

        private final Function<@Nullable Object, @Nullable Object> copier;

        FrozenMap(Map<String, Object> map, Function<@Nullable Object, @Nullable Object> copier) {
            this.map = map;
            this.copier = copier;
        }

        @Override
        public @Nullable Object get(@Nullable Object key) {
            return value(this.map.get(key), this.copier);
        }

        @Override
        public boolean containsKey(@Nullable Object key) {
            return this.map.containsKey(key);
        }

        @Override
        public int size() {
            return this.map.size();
        }

        @Override
        public boolean isEmpty() {
            return this.map.isEmpty();
        }

        @Override
        public Set<String> keySet() {
            return Collections.unmodifiableSet(this.map.keySet());
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            this.map.forEach((key, value) -> action.accept(key, value(value, this.copier)));
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {

                @Override
                public int size() {
                    return FrozenMap.this.map.size();
                }

                @Override
                public Iterator<Map.Entry<String, Object>> iterator() {
                    Iterator<Map.Entry<String, Object>> entries = FrozenMap.this.map.entrySet().iterator();
                    return new Iterator<>() {

                        @Override
                        public boolean hasNext() {
                            return entries.hasNext();
                        }

                        @Override
                        public Map.Entry<String, Object> next() {
                            Map.Entry<String, Object> entry = entries.next();
                            return new AbstractMap.SimpleImmutableEntry<>(entry.getKey(),
                                    value(entry.getValue(), FrozenMap.this.copier));
                        }
                    };
                }
            };
        }

    }

    private static final class FrozenList extends AbstractList<@Nullable Object> implements RandomAccess {

        private final List<@Nullable Object> list;

        private final Function<@Nullable Object, @Nullable Object> copier;

        FrozenList(List<@Nullable Object> list, Function<@Nullable Object, @Nullable Object> copier) {
            this.list = list;
            this.copier = copier;
        }

        @Override
        public @Nullable Object get(int index) {
            return value(this.list.get(index), this.copier);
        }

        @Override
        public int size() {
            return this.list.size();
        }

    }

}
