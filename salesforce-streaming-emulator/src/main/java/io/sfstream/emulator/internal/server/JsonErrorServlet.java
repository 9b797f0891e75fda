package io.sfstream.emulator.internal.server;

import java.io.IOException;

import io.sfstream.emulator.internal.rest.RestErrors;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers in Salesforce's JSON error shape instead of Jetty's HTML pages: every unknown
 * path gets {@code 404 [{"message":"The requested resource does not
 * exist","errorCode":"NOT_FOUND"}]}, and, as the server's error page, every error an
 * endpoint signals with {@code sendError} (CometD's among them) gets
 * {@code [{"message":...,"errorCode":...}]} with its status.
 */
final class JsonErrorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            RestErrors.write(response, 404, RestErrors.NOT_FOUND, RestErrors.NOT_FOUND_MESSAGE);
            return;
        }
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
        String message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE) instanceof String text && !text.isBlank()
                ? text : reason(status);
        String errorCode = switch (status) {
            case 404 -> RestErrors.NOT_FOUND;
            case 405 -> "METHOD_NOT_ALLOWED";
            case 400 -> "INVALID_REQUEST";
            default -> status >= 500 ? "UNKNOWN_EXCEPTION" : "INVALID_REQUEST";
        };
        RestErrors.write(response, status, errorCode, status == 404 ? RestErrors.NOT_FOUND_MESSAGE : message);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> RestErrors.NOT_FOUND_MESSAGE;
            case 405 -> "Method Not Allowed";
            case 500 -> "An unexpected error occurred";
            default -> "HTTP " + status;
        };
    }

}
