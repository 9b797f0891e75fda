package io.sfstream.emulator.internal.server;

import io.sfstream.emulator.EmulatorClock;
import io.sfstream.emulator.internal.bayeux.EventBus;
import io.sfstream.emulator.internal.events.ChannelCatalog;
import io.sfstream.emulator.internal.org.AccessTokens;
import io.sfstream.emulator.internal.org.Directory;
import io.sfstream.emulator.internal.org.FaultState;
import io.sfstream.emulator.internal.org.ObservationLog;

/**
 * Everything the emulated org keeps across restarts of its HTTP server.
 *
 * @param orgId the org's 18-character id
 * @param directory users and connected apps
 * @param tokens issued access tokens
 * @param catalog declared channels
 * @param bus retained events and their subscribers
 * @param faults armed faults
 * @param observations what clients did
 * @param clock the org's clock
 */
public record EmulatedOrg(String orgId, Directory directory, AccessTokens tokens, ChannelCatalog catalog, EventBus bus,
        FaultState faults, ObservationLog observations, EmulatorClock clock) {
}
