package dev.llmos.evolution;

import java.util.List;

/**
 * A draft or update proposal awaiting review.
 *
 * @param kind     {@code new} or {@code update}
 * @param updateOf for an update, the volume of the skill it changes ({@code system}, {@code teams/x}, {@code users/x})
 * @param taskKind the kind of task the pattern is, when recognised
 * @param edited   the user changed it since evolution wrote it (evolution will not overwrite it)
 * @param diff     unified diff from the skill the user sees now (nothing, for a new skill) to what accepting writes
 * @param content  the draft's whole file (only when one draft is shown)
 * @param gate     what the gate would refuse on accept now (only when one draft is shown; empty = passes)
 */
public record DraftView(String id, String kind, String name, String description, String status, String path,
                        String updateOf, String runId, int count, double successRate, String taskKind, List<String> terms,
                        List<String> traces, String drafter, boolean edited, String diff, String content, List<String> gate) {

    public DraftView {
        terms = terms == null ? List.of() : List.copyOf(terms);
        traces = traces == null ? List.of() : List.copyOf(traces);
        gate = gate == null ? List.of() : List.copyOf(gate);
    }
}
