/**
 * The streaming client: one Bayeux session over CometD long-polling, subscriptions,
 * events and delivery.
 */
@NullMarked
package io.sfstream.core.client;

import org.jspecify.annotations.NullMarked;
