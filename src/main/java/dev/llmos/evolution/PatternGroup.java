package dev.llmos.evolution;

import java.util.List;

import dev.llmos.trace.Trace;

/**
 * One detected pattern with its traces, ready to draft from.
 *
 * @param successes members judged successful, oldest first
 * @param failures  members judged failed (error, thumbs down, or asked again), oldest first
 * @param kind      the kind of task when recognised (e.g. "write code"), else null
 */
record PatternGroup(List<Trace> members, List<Trace> successes, List<Trace> failures, List<String> terms, String kind,
                    double successRate) {

    PatternGroup {
        members = List.copyOf(members);
        successes = List.copyOf(successes);
        failures = List.copyOf(failures);
        terms = List.copyOf(terms);
    }

    List<String> memberIds() {
        return members.stream().map(Trace::id).toList();
    }

    int count() {
        return members.size();
    }
}
