/**
 * Authenticators: how the client obtains an access token and the instance URL from
 * Salesforce's OAuth 2.0 token endpoint.
 */
@NullMarked
package io.sfstream.core.auth;

import org.jspecify.annotations.NullMarked;
