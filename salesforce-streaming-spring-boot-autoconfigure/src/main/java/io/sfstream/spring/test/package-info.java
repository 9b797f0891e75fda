/**
 * Test support for applications using the starter: {@code @EmbeddedSalesforce} on a
 * {@code @SpringBootTest} connects the application to an emulated org, and
 * {@link io.sfstream.spring.test.SalesforceTestPublisher} publishes an event and waits
 * for the listeners. Needs {@code salesforce-streaming-emulator} and
 * {@code spring-boot-starter-test} on the test class path.
 */
@NullMarked
package io.sfstream.spring.test;

import org.jspecify.annotations.NullMarked;
