/**
 * How the client reaches Salesforce: the HTTP proxy, the TLS trust and key material and
 * the connect timeout that token requests and Bayeux requests share.
 */
@NullMarked
package io.sfstream.core.http;

import org.jspecify.annotations.NullMarked;
