/**
 * JUnit Jupiter support: {@link io.sfstream.emulator.junit.EmbeddedSalesforce} starts one
 * emulator per test class.
 */
@org.jspecify.annotations.NullMarked
package io.sfstream.emulator.junit;
