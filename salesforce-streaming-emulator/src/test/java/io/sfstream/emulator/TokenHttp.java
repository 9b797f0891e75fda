package io.sfstream.emulator;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.core.type.TypeReference;

/** Posts form-encoded token requests with java.net.http. */
final class TokenHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Reply(int status, String body) {
        Map<String, Object> json() {
            return RawBayeux.JSON.readValue(this.body, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        }
    }

    static Reply post(URI baseUrl, Map<String, String> form) throws Exception {
        String body = form.entrySet()
            .stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/services/oauth2/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    private TokenHttp() {
    }

}
