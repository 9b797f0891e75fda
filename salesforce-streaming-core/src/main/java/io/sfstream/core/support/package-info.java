/**
 * Building blocks shared by the transports (the CometD client in this module, the Pub/Sub
 * API client in {@code salesforce-streaming-pubsub}): batched replay commits, back-off,
 * lifecycle notifications and listener delivery. For transport implementations, not for
 * applications: these types may change in a minor version.
 */
@NullMarked
package io.sfstream.core.support;

import org.jspecify.annotations.NullMarked;
