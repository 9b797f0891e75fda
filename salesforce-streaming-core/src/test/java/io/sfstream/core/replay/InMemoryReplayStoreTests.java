package io.sfstream.core.replay;

class InMemoryReplayStoreTests extends ReplayStoreContract {

    @Override
    protected ReplayStore createStore() {
        return new InMemoryReplayStore();
    }

}
