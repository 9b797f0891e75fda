package io.sfstream.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * A {@code salesforce.streaming.*} property is missing or has a value that cannot work.
 * Reported at startup by {@link SalesforceStreamingFailureAnalyzer} with the property's
 * name and the fix. Never carries a secret value.
 */
public class InvalidSalesforceStreamingPropertyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final String action;

    /**
     * Creates the exception.
     * @param property the property at fault, such as
     * {@code salesforce.streaming.login-url}
     * @param problem what is wrong, without secret values
     * @param action how to fix it
     */
    public InvalidSalesforceStreamingPropertyException(String property, String problem, String action) {
        this(property, problem, action, null);
    }

    /**
     * Creates the exception with a cause.
     * @param property the property at fault
     * @param problem what is wrong, without secret values
     * @param action how to fix it
     * @param cause the underlying failure
     */
    public InvalidSalesforceStreamingPropertyException(String property, String problem, String action,
            @Nullable Throwable cause) {
        super(property + ": " + problem, cause);
        this.property = property;
        this.action = action;
    }

    /**
     * Returns the property at fault.
     * @return the property name
     */
    public String getProperty() {
        return this.property;
    }

    /**
     * Returns how to fix the problem.
     * @return the action
     */
    public String getAction() {
        return this.action;
    }

}
