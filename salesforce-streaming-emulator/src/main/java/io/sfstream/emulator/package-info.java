/**
 * An emulated Salesforce org for tests, demos and local development: OAuth token endpoint
 * and Streaming API (Bayeux/CometD long-polling) on loopback.
 */
@org.jspecify.annotations.NullMarked
package io.sfstream.emulator;
