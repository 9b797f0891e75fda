/**
 * Channels, retained events, replay ids and the event shapes of the four channel kinds.
 * Internal.
 */
@org.jspecify.annotations.NullMarked
package io.sfstream.emulator.internal.events;
