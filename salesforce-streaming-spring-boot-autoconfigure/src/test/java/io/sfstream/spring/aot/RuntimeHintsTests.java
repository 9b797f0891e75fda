package io.sfstream.spring.aot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.sfstream.spring.EventTime;
import io.sfstream.spring.ReplayId;
import io.sfstream.spring.SalesforceListener;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a native image of an application needs from the starter is registered: its
 * resources, and per listener bean the methods and the payload types they bind.
 */
class RuntimeHintsTests {

    @Test
    void theSchemaAndMigrationScriptsAreResources() {
        RuntimeHints hints = new RuntimeHints();
        AotServices.factories()
            .load(RuntimeHintsRegistrar.class)
            .forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
        for (String script : List.of("io/sfstream/spring/replay/jdbc/schema-postgresql.sql",
                "io/sfstream/spring/replay/jdbc/migrate-opaque-replay-ids-h2.sql",
                "io/sfstream/spring/leader/schema-mysql.sql")) {
            assertThat(RuntimeHintsPredicates.resource().forResource(script)).as(script).accepts(hints);
        }
    }

    @Test
    void listenerMethodsAreInvokableAndTheirPayloadTypesBindable() {
        BeanRegistrationAotContribution contribution = contribution(Listeners.class);
        assertThat(contribution).isNotNull();
        GenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get(RuntimeHintsTests.class)), new InMemoryGeneratedFiles());
        contribution.applyTo(generation, null);
        RuntimeHints hints = generation.getRuntimeHints();
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "onOrder")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "onInvoice")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(OrderPlaced.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Invoice.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Line.class)).as("a nested payload type").accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Instant.class)).as("metadata parameters: not bound")
            .rejects(hints);
    }

    @Test
    void beansWithoutListenersContributeNothing() {
        assertThat(contribution(String.class)).isNull();
    }

    private static BeanRegistrationAotContribution contribution(Class<?> beanClass) {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerBeanDefinition("bean", new RootBeanDefinition(beanClass));
        RegisteredBean bean = RegisteredBean.of(beanFactory, "bean");
        BeanRegistrationAotContribution found = null;
        for (BeanRegistrationAotProcessor processor : AotServices.factories()
            .load(BeanRegistrationAotProcessor.class)) {
            if (processor instanceof SalesforceListenerBeanRegistrationAotProcessor) {
                found = processor.processAheadOfTime(bean);
            }
        }
        return found;
    }

    record OrderPlaced(String OrderNumber__c, double Amount__c) {
    }

    record Line(String product, int quantity) {
    }

    static class Invoice {

        public String number;

        public List<Line> lines;

    }

    static class Listeners {

        @SalesforceListener("/event/Order_Placed__e")
        void onOrder(OrderPlaced order, @ReplayId long replayId, @EventTime Instant time) {
        }

        @SalesforceListener("/event/Invoice__e")
        void onInvoice(Invoice invoice, Map<String, Object> unused) {
        }

    }

}
