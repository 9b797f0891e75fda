package io.sfstream.spring.faults;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a processed log against what was published, per channel: every number processed
 * at least once, in order (first occurrences increasing), and counts duplicates.
 *
 * @param channel the channel
 * @param published how many numbers were published (1 to this)
 * @param processed how many distinct numbers were processed
 * @param lost the numbers never processed
 * @param duplicates how many deliveries repeated a number already processed
 * @param orderViolation the first number processed before an earlier one, or {@code null}
 */
record StreamAudit(String channel, int published, int processed, TreeSet<Integer> lost, int duplicates,
        String orderViolation) {

    static List<StreamAudit> of(Map<String, Integer> published, List<ProcessedLog.Entry> entries) {
        List<StreamAudit> audits = new ArrayList<>();
        published.forEach((channel, count) -> audits.add(of(channel, count, entries)));
        return audits;
    }

    static StreamAudit of(String channel, int published, List<ProcessedLog.Entry> entries) {
        Set<Integer> seen = new HashSet<>();
        int duplicates = 0;
        int lastFirst = 0;
        String violation = null;
        for (ProcessedLog.Entry entry : entries) {
            if (!entry.channel().equals(channel)) {
                continue;
            }
            if (!seen.add(entry.seq())) {
                duplicates++;
                continue;
            }
            if (entry.seq() < lastFirst && violation == null) {
                violation = entry.seq() + " first processed after " + lastFirst;
            }
            lastFirst = Math.max(lastFirst, entry.seq());
        }
        TreeSet<Integer> lost = new TreeSet<>();
        for (int seq = 1; seq <= published; seq++) {
            if (!seen.contains(seq)) {
                lost.add(seq);
            }
        }
        return new StreamAudit(channel, published, published - lost.size(), lost, duplicates, violation);
    }
}
