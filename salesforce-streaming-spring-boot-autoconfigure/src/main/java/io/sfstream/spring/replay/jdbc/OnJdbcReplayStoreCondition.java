package io.sfstream.spring.replay.jdbc;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code salesforce.streaming.replay.store} is {@code jdbc}, or when it is
 * not set and leader election is enabled: instances that take over from each other must
 * share their positions.
 */
class OnJdbcReplayStoreCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Binder binder = Binder.get(context.getEnvironment());
        String store = binder.bind("salesforce.streaming.replay.store", String.class).orElse(null);
        if (store != null) {
            return "jdbc".equalsIgnoreCase(store.trim())
                    ? ConditionOutcome.match("salesforce.streaming.replay.store is jdbc")
                    : ConditionOutcome.noMatch("salesforce.streaming.replay.store is " + store);
        }
        boolean leader = binder.bind("salesforce.streaming.leader.enabled", Boolean.class).orElse(false);
        return leader ? ConditionOutcome.match("leader election is enabled and no replay store is set")
                : ConditionOutcome.noMatch("salesforce.streaming.replay.store is not set (file)");
    }

}
