/**
 * Ahead-of-time processing and native-image hints: the resources the starter reads, and
 * the {@code @SalesforceListener} methods and payload types it calls and binds
 * reflectively.
 */
@NullMarked
package io.sfstream.spring.aot;

import org.jspecify.annotations.NullMarked;
