/**
 * A sample application receiving Salesforce events with {@code @SalesforceListener}.
 */
@NullMarked
package io.sfstream.sample;

import org.jspecify.annotations.NullMarked;
