/**
 * The Jetty HTTP server hosting the emulator's endpoints. Internal.
 */
@org.jspecify.annotations.NullMarked
package io.sfstream.emulator.internal.server;
