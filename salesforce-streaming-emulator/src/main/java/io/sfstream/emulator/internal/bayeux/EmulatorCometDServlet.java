package io.sfstream.emulator.internal.bayeux;

import java.util.function.Consumer;

import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.server.BayeuxServerImpl;
import org.cometd.server.http.jakarta.CometDServlet;

/**
 * CometD's servlet with a Bayeux server the emulator configures before it starts: the
 * cuttable long-polling transport as the only transport, plus the emulator's extension
 * and listeners.
 */
public final class EmulatorCometDServlet extends CometDServlet {

    private static final long serialVersionUID = 1L;

    private final transient Consumer<BayeuxServerImpl> configurer;

    /**
     * Creates the servlet.
     * @param configurer called with the new, not yet started, Bayeux server
     */
    public EmulatorCometDServlet(Consumer<BayeuxServerImpl> configurer) {
        this.configurer = configurer;
    }

    @Override
    protected BayeuxServer newBayeuxServer() {
        BayeuxServerImpl bayeux = new BayeuxServerImpl();
        this.configurer.accept(bayeux);
        return bayeux;
    }

}
