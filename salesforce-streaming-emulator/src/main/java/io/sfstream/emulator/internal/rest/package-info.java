/**
 * The REST endpoint that publishes platform events
 * ({@code POST /services/data/vXX.X/sobjects/Name__e}). Internal.
 */
@org.jspecify.annotations.NullMarked
package io.sfstream.emulator.internal.rest;
