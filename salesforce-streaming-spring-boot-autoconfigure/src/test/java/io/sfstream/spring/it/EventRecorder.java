package io.sfstream.spring.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records what listener methods received, by listener name, for assertions.
 */
final class EventRecorder {

    private final Map<String, List<Object>> received = new ConcurrentHashMap<>();

    void record(String listener, Object value) {
        this.received.computeIfAbsent(listener, (k) -> java.util.Collections.synchronizedList(new ArrayList<>()))
            .add(value);
    }

    List<Object> get(String listener) {
        List<Object> values = this.received.get(listener);
        if (values == null) {
            return List.of();
        }
        synchronized (values) {
            return List.copyOf(values);
        }
    }

    int count(String listener) {
        return get(listener).size();
    }

}
