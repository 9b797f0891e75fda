package io.sfstream.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidSalesforceStreamingPropertyException} at startup: which
 * property and how to fix it.
 */
final class SalesforceStreamingFailureAnalyzer
        extends AbstractFailureAnalyzer<InvalidSalesforceStreamingPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSalesforceStreamingPropertyException cause) {
        return new FailureAnalysis("Invalid Salesforce streaming configuration: " + cause.getMessage(),
                cause.getAction(), cause);
    }

}
