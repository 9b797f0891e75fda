package io.sfstream.spring.aot;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The resources the starter reads at run time: the DDL and migration scripts of the JDBC
 * replay store and of leader election's lock table.
 */
final class SalesforceStreamingRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.resources()
            .registerPattern("io/sfstream/spring/replay/jdbc/*.sql")
            .registerPattern("io/sfstream/spring/leader/*.sql");
    }

}
