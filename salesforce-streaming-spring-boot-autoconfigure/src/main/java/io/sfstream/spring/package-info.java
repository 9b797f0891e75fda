/**
 * The {@link io.sfstream.spring.SalesforceListener} annotation, its parameter annotations
 * and the error handler SPI.
 */
@NullMarked
package io.sfstream.spring;

import org.jspecify.annotations.NullMarked;
