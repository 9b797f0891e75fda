package io.sfstream.spring.faults;

import java.util.Map;

import io.sfstream.spring.Channel;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.SalesforceListenerErrorHandler;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application under fault: one listener method on every numbered channel reporting
 * each event to the {@link ProcessedSink} bean, and an error handler reporting the events
 * the listener kept failing for. The sink and the {@link ListenerFaults} are registered
 * by whoever starts the application.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class FaultApplication {

    static final String ORDERS = "/event/Seq_Order__e";

    static final String INVOICES = "/event/Seq_Invoice__e";

    static final String SHIPMENTS = "/event/Seq_Shipment__e";

    @Bean
    NumberedListener numberedListener(ProcessedSink sink, ListenerFaults faults) {
        return new NumberedListener(sink, faults);
    }

    @Bean
    SalesforceListenerErrorHandler recordingErrorHandler(ProcessedSink sink) {
        return (failure) -> sink.handled(failure.event().channel(), seq(failure.event().payload()));
    }

    static int seq(Map<String, Object> payload) {
        return ((Number) payload.get(NumberedStream.SEQ)).intValue();
    }

    record NumberedListener(ProcessedSink sink, ListenerFaults faults) {

        @SalesforceListener(channels = { ORDERS, INVOICES, SHIPMENTS }, id = "numbered")
        void onEvent(Map<String, Object> payload, @Channel String channel) throws InterruptedException {
            int seq = seq(payload);
            this.faults.beforeProcessing(channel, seq);
            this.sink.processed(channel, seq);
        }
    }

}
