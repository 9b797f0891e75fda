/**
 * The consumer side of a benchmark run, executed in its own JVM so that its CPU time,
 * allocation and heap are its own: one class per kind of client, and the probes that
 * measure them.
 */
@NullMarked
package io.sfstream.benchmarks.consumer;

import org.jspecify.annotations.NullMarked;
