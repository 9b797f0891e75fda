package io.sfstream.core.replay;

class InMemoryReplayStoreTest extends ReplayStoreContractTest {

    @Override
    protected ReplayStore createStore() {
        return new InMemoryReplayStore();
    }

}
