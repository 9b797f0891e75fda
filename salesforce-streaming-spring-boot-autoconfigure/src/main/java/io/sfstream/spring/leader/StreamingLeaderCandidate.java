package io.sfstream.spring.leader;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.Lifecycle;
import org.springframework.integration.jdbc.lock.LockRepository;
import org.springframework.integration.leader.Candidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.util.UUIDConverter;

/**
 * The candidate of one instance in the leader election of its consumer group: starts the
 * subscriber (the listener registry, which connects and subscribes every channel from its
 * committed position) when this instance is granted leadership, and stops it (flushing
 * positions and disconnecting) when leadership is revoked or lost. Thread-safe.
 */
public final class StreamingLeaderCandidate implements Candidate, StreamingLeadership {

    private static final Logger logger = LoggerFactory.getLogger(StreamingLeaderCandidate.class);

    private final String id = UUID.randomUUID().toString();

    private final String consumerGroup;

    private final Lifecycle subscriber;

    private final LockRepository lockRepository;

    private volatile boolean leader;

    /**
     * Creates the candidate.
     * @param consumerGroup the consumer group whose leader is elected
     * @param subscriber what runs only on the leader
     * @param lockRepository the lock repository of the lock registry the election runs
     * on, to confirm leadership
     */
    public StreamingLeaderCandidate(String consumerGroup, Lifecycle subscriber, LockRepository lockRepository) {
        this.consumerGroup = consumerGroup;
        this.subscriber = subscriber;
        this.lockRepository = lockRepository;
    }

    /**
     * Returns the lock key of the election: {@code salesforce-streaming/} and the
     * consumer group.
     * @return the role
     */
    @Override
    public String getRole() {
        return "salesforce-streaming/" + this.consumerGroup;
    }

    @Override
    public String getId() {
        return this.id;
    }

    @Override
    public void onGranted(Context context) {
        logger.info("This instance is now the leader of consumer group '{}': connecting to Salesforce",
                this.consumerGroup);
        this.leader = true;
        this.subscriber.start();
    }

    @Override
    public void onRevoked(Context context) {
        if (this.leader) {
            logger.info("This instance is no longer the leader of consumer group '{}': disconnecting from Salesforce",
                    this.consumerGroup);
        }
        this.leader = false;
        this.subscriber.stop();
    }

    @Override
    public boolean isLeader() {
        return this.leader;
    }

    @Override
    public boolean confirmLeadership() {
        if (!this.leader) {
            return false;
        }
        try {
            // The key under which JdbcLockRegistry stores the lock of this role.
            return this.lockRepository.isAcquired(UUIDConverter.getUUID(getRole()).toString());
        }
        catch (RuntimeException ex) {
            logger.warn("Could not confirm the leadership of consumer group '{}': {}", this.consumerGroup,
                    ex.getMessage());
            return false;
        }
    }

    @Override
    public String toString() {
        return "StreamingLeaderCandidate[consumerGroup=" + this.consumerGroup + ", leader=" + this.leader + "]";
    }

}
