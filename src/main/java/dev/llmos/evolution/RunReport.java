package dev.llmos.evolution;

import java.time.Instant;
import java.util.List;

/**
 * What one evolution run did. The seed's response fields come first ({@code status},
 * {@code traces_analyzed}, {@code patterns_detected}, {@code skills_created}).
 *
 * @param status          {@code running}, {@code completed} or {@code failed}
 * @param skillsCreated   new skills drafted (or, with auto-apply, applied)
 * @param proposals       update proposals for skills the user already sees
 * @param updated         earlier drafts rewritten because their pattern grew (never ones the user edited)
 * @param applied         drafts applied by {@code auto_apply} (only those that passed the gate)
 * @param skippedRejected patterns not proposed again because they were rejected and have not changed materially
 * @param skippedEdited   patterns whose draft the user edited, left as they are
 * @param skippedKnown    patterns already drafted or turned into a skill, unchanged since
 * @param drafter         {@code deterministic} or the model that wrote the drafts
 * @param notes           anything the person should know (e.g. a model reply that was not a valid skill)
 * @param progress        for a running run: the phase and counts so far
 * @param commit          the run's one commit in the user's volume, or null when nothing was written
 * @param fingerprint     a hash of the traces and feedback analysed (a nightly run skips users with nothing new)
 */
public record RunReport(String status, int tracesAnalyzed, int patternsDetected, int skillsCreated, int proposals,
                        int updated, int applied, int skippedRejected, int skippedEdited, int skippedKnown,
                        String runId, String userId, Instant started, Instant finished, String drafter,
                        List<String> notes, List<DraftSummary> drafts, String progress, String commit, String fingerprint) {

    public RunReport {
        notes = notes == null ? List.of() : List.copyOf(notes);
        drafts = drafts == null ? List.of() : List.copyOf(drafts);
    }

    /**
     * One draft a run wrote.
     *
     * @param kind         {@code new} (a new skill) or {@code update} (a proposal to change {@code update_of})
     * @param action       {@code created} or {@code updated}
     * @param applied      accepted by auto-apply
     * @param gateProblems why auto-apply did not accept it (empty when it did, or was not asked to)
     */
    public record DraftSummary(String id, String kind, String action, String name, String description, String updateOf,
                               int count, double successRate, boolean applied, List<String> gateProblems) {
        public DraftSummary {
            gateProblems = gateProblems == null ? List.of() : List.copyOf(gateProblems);
        }
    }

    /** The run without anything taken from the user's traces (drafts, notes): what an admin may see of it. */
    public RunReport figuresOnly() {
        return new RunReport(status, tracesAnalyzed, patternsDetected, skillsCreated, proposals, updated, applied, skippedRejected,
                skippedEdited, skippedKnown, runId, userId, started, finished, drafter, List.of(), List.of(), progress, commit,
                fingerprint);
    }

    static RunReport running(String runId, String userId, Instant started, String drafter, String progress) {
        return new RunReport("running", 0, 0, 0, 0, 0, 0, 0, 0, 0, runId, userId, started, null, drafter, List.of(),
                List.of(), progress, null, null);
    }

    RunReport failed(Instant finished, String why) {
        return new RunReport("failed", tracesAnalyzed, patternsDetected, 0, 0, 0, 0, 0, 0, 0, runId, userId, started,
                finished, drafter, List.of(why), List.of(), null, null, fingerprint);
    }
}
