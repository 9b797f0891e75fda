/**
 * The control endpoint of the emulator's HTTP server ({@code /emulator/...}): faults and
 * publishing over HTTP, for the standalone emulator and clients in other languages.
 * Internal.
 */
@org.jspecify.annotations.NullMarked
package io.sfstream.emulator.internal.control;
