/**
 * Auto-configuration of the Salesforce streaming client, listener methods, health and
 * metrics.
 */
@NullMarked
package io.sfstream.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
