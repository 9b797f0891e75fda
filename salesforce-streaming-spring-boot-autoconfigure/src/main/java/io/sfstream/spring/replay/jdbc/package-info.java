/**
 * Replay positions in a relational database table, through the application's
 * {@link javax.sql.DataSource}.
 */
@NullMarked
package io.sfstream.spring.replay.jdbc;

import org.jspecify.annotations.NullMarked;
