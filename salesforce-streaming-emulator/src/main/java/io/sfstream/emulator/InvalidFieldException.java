package io.sfstream.emulator;

/**
 * A platform event was published with a field its declaration does not list, as
 * Salesforce refuses it: {@code No such column 'Foo__c' on sobject of type Order__e}
 * ({@code INVALID_FIELD} on the REST API).
 */
public final class InvalidFieldException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The field that is not declared. */
    private final String field;

    /**
     * Creates the exception.
     * @param field the undeclared field
     * @param sobjectType the event's sObject type, e.g. {@code Order__e}
     */
    public InvalidFieldException(String field, String sobjectType) {
        super("No such column '" + field + "' on sobject of type " + sobjectType);
        this.field = field;
    }

    /**
     * Returns the field that is not declared.
     * @return the field name as published
     */
    public String field() {
        return this.field;
    }

}
