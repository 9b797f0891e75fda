/**
 * Listener infrastructure: endpoints found on annotated methods, their containers, the
 * registry that holds and starts them, the connector that opens the shared client, the
 * router that routes events and subscribes channels, and the dispatcher thread that feeds
 * the containers from the client. The module's README describes how they fit together.
 */
@NullMarked
package io.sfstream.spring.listener;

import org.jspecify.annotations.NullMarked;
