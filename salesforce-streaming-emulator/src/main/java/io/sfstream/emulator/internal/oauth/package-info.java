/**
 * The OAuth 2.0 token endpoint ({@code /services/oauth2/token}) with the password,
 * refresh-token, JWT-bearer and client-credentials flows. Internal.
 */
@org.jspecify.annotations.NullMarked
package io.sfstream.emulator.internal.oauth;
