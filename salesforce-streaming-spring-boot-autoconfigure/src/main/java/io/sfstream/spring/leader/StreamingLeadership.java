package io.sfstream.spring.leader;

/**
 * Whether this instance is the one that subscribes for its consumer group. Only the
 * leader connects to Salesforce and writes replay positions; the other instances stand
 * by.
 */
public interface StreamingLeadership {

    /**
     * Whether this instance was granted leadership and has not lost it since, as far as
     * it knows. Does no I/O.
     * @return whether this instance leads
     */
    boolean isLeader();

    /**
     * Whether this instance still holds the leader lock in the database: asks the
     * database. Answers {@code false} when the lock expired or was taken over (a leader
     * that was paused for longer than the lock's time to live), and when the database
     * cannot be asked.
     * @return whether this instance still leads
     */
    boolean confirmLeadership();

}
