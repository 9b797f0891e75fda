package io.sfstream.spring.listener;

import io.sfstream.core.replay.ReplayFrom;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ChannelRouterTests {

    private final ChannelRouter router = new ChannelRouter();

    private final FakeClient client = new FakeClient();

    private final TestListener listener = new TestListener();

    @Test
    void anEventGoesToTheContainersOfItsChannelWhateverTheirFilterQuery() {
        SalesforceListenerContainer newOrders = add(this.listener.container("new", "/topic/Orders?Status__c='New'"));
        SalesforceListenerContainer both = add(
                this.listener.container("both", "/topic/Orders?Status__c='New'", "/event/Shipped__e"));
        SalesforceListenerContainer shipped = add(this.listener.container("shipped", "/event/Shipped__e"));
        assertThat(this.router.containersFor("/topic/Orders")).containsExactly(newOrders, both);
        assertThat(this.router.containersFor("/event/Shipped__e")).containsExactly(both, shipped);
        assertThat(this.router.containersFor("/event/Other__e")).isEmpty();
    }

    @Test
    void twoFilterQueriesOnOneChannelAreRejectedNamingBothMethods() {
        add(this.listener.container("new", "/topic/Orders?Status__c='New'"));
        SalesforceListenerContainer closed = this.listener.container("closed", "/topic/Orders?Status__c='Closed'");
        String method = TestListener.class.getName() + ".onEvent";
        assertThatIllegalStateException().isThrownBy(() -> this.router.add(closed))
            .withMessage("@SalesforceListener " + method + " listens on '/topic/Orders?Status__c='Closed'' and "
                    + method + " on '/topic/Orders?Status__c='New'': Salesforce allows one subscription per channel, "
                    + "whatever its filter query; use the same channel string in both");
        assertThat(this.router.containersFor("/topic/Orders")).hasSize(1);
    }

    @Test
    void theSameChannelStringInTwoContainersIsAccepted() {
        add(this.listener.container("first", "/topic/Orders?Status__c='New'"));
        add(this.listener.container("second", "/topic/Orders?Status__c='New'"));
        assertThat(this.router.containersFor("/topic/Orders")).hasSize(2);
    }

    @Test
    void nothingIsSubscribedUntilTheClientIsAttachedThenEveryRunningContainerIs() {
        SalesforceListenerContainer orders = add(this.listener.container("orders", "/event/Order__e"));
        add(this.listener.container("stopped", "/event/Stopped__e"));
        start(orders);
        assertThat(this.client.calls).isEmpty();
        this.router.attach(this.client);
        assertThat(this.client.calls).containsExactly("subscribe /event/Order__e");
    }

    @Test
    void aChannelIsSubscribedWhenItsFirstContainerStartsAndUnsubscribedWhenItsLastStops() {
        SalesforceListenerContainer first = add(this.listener.container("first", "/event/Order__e"));
        SalesforceListenerContainer second = add(this.listener.container("second", "/event/Order__e"));
        this.router.attach(this.client);
        start(first);
        start(second);
        assertThat(this.client.calls).containsExactly("subscribe /event/Order__e");
        stop(first);
        assertThat(this.client.calls("unsubscribe")).isEmpty();
        stop(second);
        assertThat(this.client.calls).containsExactly("subscribe /event/Order__e", "unsubscribe /event/Order__e");
    }

    @Test
    void aContainerSubscribesFromItsReplayStart() {
        SalesforceListenerEndpoint endpoint = this.listener.endpoint("all", "/event/Order__e");
        SalesforceListenerContainer container = add(TestListener.container(new SalesforceListenerEndpoint("all",
                endpoint.channels(), ReplayFrom.ALL_EVENTS, true, endpoint.invoker())));
        this.router.attach(this.client);
        start(container);
        assertThat(this.client.calls).containsExactly("subscribe /event/Order__e from ALL_EVENTS(-2)");
    }

    @Test
    void aChannelSalesforceRefusesDoesNotKeepTheOthersFromBeingSubscribed() {
        this.client.refusedChannels.add("/event/Refused__e");
        SalesforceListenerContainer container = add(
                this.listener.container("both", "/event/Refused__e", "/event/Order__e"));
        container.markRunning(true);
        this.router.attach(this.client);
        assertThat(this.client.subscriptions).containsExactly("/event/Order__e");
    }

    @Test
    void subscriptionsChangeNoMoreOnceTheClientIsDetached() {
        SalesforceListenerContainer orders = add(this.listener.container("orders", "/event/Order__e"));
        this.router.attach(this.client);
        start(orders);
        this.router.detach();
        stop(orders);
        start(orders);
        assertThat(this.client.calls).containsExactly("subscribe /event/Order__e");
    }

    private SalesforceListenerContainer add(SalesforceListenerContainer container) {
        this.router.add(container);
        return container;
    }

    /** As the registry starts a container. */
    private void start(SalesforceListenerContainer container) {
        container.markRunning(true);
        this.router.subscribe(container);
    }

    /** As the registry stops a container. */
    private void stop(SalesforceListenerContainer container) {
        container.markRunning(false);
        this.router.unsubscribe(container);
    }

}
