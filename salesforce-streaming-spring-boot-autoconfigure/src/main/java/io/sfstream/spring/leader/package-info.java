/**
 * One active subscriber across many instances of an application: leader election over a
 * database lock, with the listener registry started only on the leader.
 */
@NullMarked
package io.sfstream.spring.leader;

import org.jspecify.annotations.NullMarked;
