/**
 * Listener infrastructure: endpoints found on annotated methods, their containers, the registry that runs them and
 * the dispatcher that feeds them from the streaming client.
 */
@NullMarked
package io.sfstream.spring.listener;

import org.jspecify.annotations.NullMarked;
