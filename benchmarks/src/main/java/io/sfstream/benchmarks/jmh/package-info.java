/**
 * JMH microbenchmarks of the per-event hot path: response parsing, event parsing, POJO
 * conversion.
 */
@NullMarked
package io.sfstream.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
