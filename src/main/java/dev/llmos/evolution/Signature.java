package dev.llmos.evolution;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What identifies a pattern across runs: some of its member trace ids (a sample is enough), how
 * many members it had, and its top terms. Drafts carry it in their metadata; rejections keep it
 * in {@code evolution/rejected.json}.
 *
 * <p>A pattern has <b>changed materially</b> from a signature when at least half of its members
 * are new, or its top terms overlap the signature's by a Jaccard index below 0.5. Members are
 * counted by estimate: the share of the signature's sampled ids still in the pattern, times the
 * signature's count, so a capped sample (drafts list 50 ids) gives the right answer.
 */
record Signature(List<String> traces, int count, List<String> terms) {

    static final double NEW_MEMBERS = 0.5;
    static final double TERM_JACCARD = 0.5;

    Signature {
        traces = traces == null ? List.of() : List.copyOf(traces);
        terms = terms == null ? List.of() : List.copyOf(terms);
        count = Math.max(count, traces.size());
    }

    /** The share of this signature's sampled traces that are among {@code members}. */
    double overlap(Collection<String> members) {
        if (traces.isEmpty()) {
            return 0;
        }
        Set<String> set = members instanceof Set<String> s ? s : new HashSet<>(members);
        long in = traces.stream().filter(set::contains).count();
        return (double) in / traces.size();
    }

    /** Whether a pattern with these members and terms is materially different from this one. */
    boolean changedMaterially(Collection<String> members, List<String> newTerms) {
        if (members.isEmpty()) {
            return false;
        }
        double kept = Math.min(members.size(), overlap(members) * count);
        double newShare = 1 - kept / members.size();
        return newShare >= NEW_MEMBERS || SuccessSignals.jaccard(new HashSet<>(terms), new HashSet<>(newTerms)) < TERM_JACCARD;
    }
}
