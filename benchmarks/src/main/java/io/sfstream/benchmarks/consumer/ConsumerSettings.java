package io.sfstream.benchmarks.consumer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a consumer process is told by the driver, passed as {@code key=value} arguments.
 *
 * @param kind the client under test
 * @param cometdUrl the Bayeux endpoint
 * @param instanceUrl the org's instance URL
 * @param loginUrl the token endpoint's host
 * @param token an access token
 * @param channel the channel to subscribe to
 * @param phases the number of events of each phase
 * @param stallAfterPhase the phase after which the consumer stalls, -1 for none
 * @param stallMillis how long the stall lasts
 * @param store the replay store: {@code memory}, {@code file} or {@code h2}
 * @param directory where the file and H2 stores keep their data
 * @param maxPendingCount the client's buffer size (the Pub/Sub client's at most 100)
 * @param pubSubHost the host of the emulator's Pub/Sub API server
 * @param pubSubPort its port (plaintext gRPC)
 */
public record ConsumerSettings(ConsumerKind kind, String cometdUrl, String instanceUrl, String loginUrl, String token,
        String channel, int[] phases, int stallAfterPhase, long stallMillis, String store, Path directory,
        int maxPendingCount, String pubSubHost, int pubSubPort) {

    /**
     * Formats the settings as command-line arguments.
     * @return the arguments
     */
    public List<String> toArguments() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("kind", this.kind.name());
        map.put("cometdUrl", this.cometdUrl);
        map.put("instanceUrl", this.instanceUrl);
        map.put("loginUrl", this.loginUrl);
        map.put("token", this.token);
        map.put("channel", this.channel);
        map.put("phases", String.join(",", Arrays.stream(this.phases).mapToObj(Integer::toString).toList()));
        map.put("stallAfterPhase", Integer.toString(this.stallAfterPhase));
        map.put("stallMillis", Long.toString(this.stallMillis));
        map.put("store", this.store);
        map.put("directory", this.directory.toString());
        map.put("maxPendingCount", Integer.toString(this.maxPendingCount));
        map.put("pubSubHost", this.pubSubHost);
        map.put("pubSubPort", Integer.toString(this.pubSubPort));
        List<String> arguments = new ArrayList<>();
        map.forEach((key, value) -> arguments.add(key + "=" + value));
        return arguments;
    }

    /**
     * Parses command-line arguments.
     * @param arguments {@code key=value} pairs
     * @return the settings
     */
    public static ConsumerSettings parse(String[] arguments) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            map.put(argument.substring(0, equals), argument.substring(equals + 1));
        }
        return new ConsumerSettings(ConsumerKind.valueOf(map.get("kind")), map.get("cometdUrl"), map.get("instanceUrl"),
                map.get("loginUrl"), map.get("token"), map.get("channel"),
                Arrays.stream(map.get("phases").split(",")).mapToInt(Integer::parseInt).toArray(),
                Integer.parseInt(map.get("stallAfterPhase")), Long.parseLong(map.get("stallMillis")), map.get("store"),
                Path.of(map.get("directory")), Integer.parseInt(map.get("maxPendingCount")), map.get("pubSubHost"),
                Integer.parseInt(map.get("pubSubPort")));
    }
}
