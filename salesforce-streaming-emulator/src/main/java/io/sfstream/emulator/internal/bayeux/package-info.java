/**
 * The Bayeux endpoint on the CometD server: authentication, Salesforce error replies,
 * replay and delivery. Internal.
 */
@org.jspecify.annotations.NullMarked
package io.sfstream.emulator.internal.bayeux;
