package io.sfstream.core.replay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON format of {@link FileReplayStore}:
 * {@code {"version":1,"positions":{"/topic/X":{"replayId":123,"eventTime":"2026-01-01T00:00:00Z"}}}},
 * channels in sorted order, {@code eventTime} omitted when unknown. An opaque replay id
 * (Pub/Sub API) is written as {@code "replayIdBytes":"<base64>"} instead of
 * {@code replayId}: files holding only CometD positions keep the format earlier releases
 * wrote and read. Thread-safe (stateless).
 */
final class ReplayPositionsFile {

    static final int VERSION = 1;

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final JsonStringEncoder JSON_STRINGS = JsonStringEncoder.getInstance();

    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private ReplayPositionsFile() {
    }

    /**
     * Encodes positions as UTF-8 JSON, indented. Written by hand rather than through a
     * Jackson tree: the file is rewritten on every batch of commits, so this is on the
     * durable commit path.
     */
    static byte[] encode(Map<String, ReplayPosition> positions) {
        StringBuilder out = new StringBuilder(96 + 96 * positions.size());
        out.append("{\n  \"version\" : ").append(VERSION).append(",\n  \"positions\" : {");
        Map<String, ReplayPosition> sorted = (positions.size() > 1) ? new TreeMap<>(positions) : positions;
        String separator = "\n";
        for (Map.Entry<String, ReplayPosition> entry : sorted.entrySet()) {
            ReplayPosition position = entry.getValue();
            out.append(separator).append("    \"");
            JSON_STRINGS.quoteAsString(entry.getKey(), out);
            ReplayId replayId = position.replayId();
            if (replayId.isNumeric()) {
                out.append("\" : {\n      \"replayId\" : ").append(replayId.longValue());
            }
            else {
                out.append("\" : {\n      \"replayIdBytes\" : \"")
                    .append(BASE64.encodeToString(replayId.toByteArray()))
                    .append('"');
            }
            if (position.eventTime() != null) {
                out.append(",\n      \"eventTime\" : \"").append(position.eventTime()).append('"');
            }
            out.append("\n    }");
            separator = ",\n";
        }
        out.append(sorted.isEmpty() ? " }" : "\n  }").append("\n}");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes positions.
     * @throws CorruptFileException saying what is wrong with the content
     */
    static Map<String, ReplayPosition> decode(byte[] content) {
        JsonNode root;
        try {
            root = json.readTree(content);
        }
        catch (JacksonException ex) {
            throw new CorruptFileException("it is not valid JSON (" + ex.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new CorruptFileException("it is not a JSON object");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isIntegralNumber()) {
            throw new CorruptFileException("it has no numeric \"version\"");
        }
        if (version.asInt() != VERSION) {
            throw new CorruptFileException("its version " + version.asInt() + " is not supported (expected " + VERSION
                    + "): it was probably written by a newer release");
        }
        JsonNode positions = root.get("positions");
        if (positions == null || !positions.isObject()) {
            throw new CorruptFileException("it has no \"positions\" object");
        }
        Map<String, ReplayPosition> result = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : positions.properties()) {
            result.put(entry.getKey(), position(entry.getKey(), entry.getValue()));
        }
        return result;
    }

    private static ReplayPosition position(String channel, JsonNode node) {
        return new ReplayPosition(replayId(channel, node), eventTime(channel, node.get("eventTime")));
    }

    private static ReplayId replayId(String channel, JsonNode node) {
        JsonNode bytes = node.get("replayIdBytes");
        if (bytes != null && bytes.isString()) {
            try {
                return ReplayId.ofBytes(Base64.getDecoder().decode(bytes.asString()));
            }
            catch (IllegalArgumentException ex) {
                throw new CorruptFileException(
                        "channel " + channel + " has a \"replayIdBytes\" that is not base64 " + "of one byte or more");
            }
        }
        JsonNode replayId = node.get("replayId");
        if (replayId == null || !replayId.isIntegralNumber() || !replayId.canConvertToLong() || replayId.asLong() < 0) {
            throw new CorruptFileException(
                    "channel " + channel + " has no integer \"replayId\" (nor \"replayIdBytes\")");
        }
        return ReplayId.of(replayId.asLong());
    }

    private static @Nullable Instant eventTime(String channel, @Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return Instant.parse(node.asString());
        }
        catch (DateTimeParseException ex) {
            throw new CorruptFileException(
                    "channel " + channel + " has an \"eventTime\" that is not an ISO-8601 " + "instant");
        }
    }

    /**
     * The content is not a replay positions file; the message says why.
     */
    static final class CorruptFileException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        CorruptFileException(String message) {
            super(message);
        }

    }

}
