package io.sfstream.core.client.internal;

import java.util.AbstractList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * An immutable JSON array as {@link MessageReader} builds it from a response, over an
 * array of its items (strings, numbers, booleans, {@code null}, {@link JsonObject}s and
 * further {@link JsonArray}s). Every mutator throws
 * {@link UnsupportedOperationException}. Thread-safe.
 */
final class JsonArray extends AbstractList<@Nullable Object> implements RandomAccess {

    static final JsonArray EMPTY = new JsonArray(new Object[0]);

    private final @Nullable Object[] items;

    private JsonArray(@Nullable Object[] items) {
        this.items = items;
    }

    /**
     * Creates an array of the given items.
     * @param items the items, copied
     * @param from the first position to take
     * @param count how many items to take
     * @return the array
     */
    static JsonArray of(@Nullable Object[] items, int from, int count) {
        if (count == 0) {
            return EMPTY;
        }
        @Nullable Object[] own = new Object[count];
        System.arraycopy(items, from, own, 0, count);
        return new JsonArray(own);
    }

    @Override
    public @Nullable Object get(int index) {
        Objects.checkIndex(index, this.items.length);
        return this.items[index];
    }

    @Override
    public int size() {
        return this.items.length;
    }

    @Override
    public void forEach(Consumer<? super @Nullable Object> action) {
        for (Object item : this.items) {
            action.accept(item);
        }
    }

    @Override
    public @Nullable Object[] toArray() {
        return this.items.clone();
    }

    @Override
    public boolean add(@Nullable Object item) {
        throw unmodifiable();
    }

    @Override
    public void add(int index, @Nullable Object item) {
        throw unmodifiable();
    }

    @Override
    public boolean addAll(Collection<? extends @Nullable Object> items) {
        throw unmodifiable();
    }

    @Override
    public boolean addAll(int index, Collection<? extends @Nullable Object> items) {
        throw unmodifiable();
    }

    @Override
    public @Nullable Object set(int index, @Nullable Object item) {
        throw unmodifiable();
    }

    @Override
    public @Nullable Object remove(int index) {
        throw unmodifiable();
    }

    @Override
    public boolean remove(@Nullable Object item) {
        throw unmodifiable();
    }

    @Override
    public boolean removeAll(Collection<?> items) {
        throw unmodifiable();
    }

    @Override
    public boolean retainAll(Collection<?> items) {
        throw unmodifiable();
    }

    @Override
    public boolean removeIf(Predicate<? super @Nullable Object> filter) {
        throw unmodifiable();
    }

    @Override
    public void replaceAll(UnaryOperator<@Nullable Object> operator) {
        throw unmodifiable();
    }

    @Override
    public void sort(@Nullable Comparator<? super @Nullable Object> comparator) {
        throw unmodifiable();
    }

    @Override
    public void clear() {
        throw unmodifiable();
    }

    @Override
    protected void removeRange(int fromIndex, int toIndex) {
        throw unmodifiable();
    }

    /**
     * Returns the items from one position to another, as an immutable array of their own.
     */
    @Override
    public List<@Nullable Object> subList(int fromIndex, int toIndex) {
        Objects.checkFromToIndex(fromIndex, toIndex, this.items.length);
        return of(this.items, fromIndex, toIndex - fromIndex);
    }

    private static UnsupportedOperationException unmodifiable() {
        return new UnsupportedOperationException("An event's JSON is immutable");
    }

}
