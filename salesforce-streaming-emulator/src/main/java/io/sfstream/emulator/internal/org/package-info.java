/**
 * The emulated org's state: users, connected apps, issued tokens, faults and
 * observations. Internal: not part of the public API.
 */
@org.jspecify.annotations.NullMarked
package io.sfstream.emulator.internal.org;
