/**
 * Test support shared by the starter's tests.
 */
@NullMarked
package io.sfstream.spring.support;

import org.jspecify.annotations.NullMarked;
