package io.sfstream.emulator.internal.rest;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes errors the way Salesforce's REST API does: a JSON array of
 * {@code {"message","errorCode"}} objects, e.g. {@code [{"message":"The requested
 * resource does not exist","errorCode":"NOT_FOUND"}]}.
 */
public final class RestErrors {

    /** {@code errorCode} of an unknown resource. */
    public static final String NOT_FOUND = "NOT_FOUND";

    /** {@code message} of an unknown resource. */
    public static final String NOT_FOUND_MESSAGE = "The requested resource does not exist";

    /** {@code errorCode} of a body that cannot be read. */
    public static final String JSON_PARSER_ERROR = "JSON_PARSER_ERROR";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RestErrors() {
    }

    /**
     * Writes one error.
     * @param response the response, not yet committed
     * @param status the HTTP status
     * @param errorCode the {@code errorCode}
     * @param message the {@code message}
     * @throws IOException when the response cannot be written
     */
    public static void write(HttpServletResponse response, int status, String errorCode, String message)
            throws IOException {
        writeJson(response, status, List.of(error(errorCode, message)));
    }

    /**
     * Writes a JSON body.
     * @param response the response, not yet committed
     * @param status the HTTP status
     * @param body what to write as JSON
     * @throws IOException when the response cannot be written
     */
    public static void writeJson(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    /**
     * Describes a JSON parse failure the way Salesforce does (it parses with Jackson
     * too), e.g.
     * {@code Unexpected character ('x' (code 120)): expected a valid value ... at [line:1, column:2]}.
     * @param failure the parse failure
     * @return the message
     */
    public static String parserMessage(JacksonException failure) {
        String message = failure.getOriginalMessage();
        TokenStreamLocation location = failure.getLocation();
        if (location == null) {
            return message;
        }
        return message + " at [line:" + location.getLineNr() + ", column:" + location.getColumnNr() + "]";
    }

    /**
     * Builds one error object.
     * @param errorCode the {@code errorCode}
     * @param message the {@code message}
     * @return {@code {"message":...,"errorCode":...}}
     */
    public static Map<String, Object> error(String errorCode, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("errorCode", errorCode);
        return error;
    }

}
