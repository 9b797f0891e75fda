/**
 * The benchmark harness: a driver that hosts the emulator and publishes, and consumer
 * processes (bare CometD, core client, Spring Boot starter) that count, time and weigh
 * what they receive.
 */
@NullMarked
package io.sfstream.benchmarks;

import org.jspecify.annotations.NullMarked;
