package dev.llmos.evolution;

/** A run for this user is already under way; one run per user at a time. */
public class EvolutionBusyException extends RuntimeException {
    public EvolutionBusyException(String userId, String runningId) {
        super("an evolution run for '" + userId + "' is already under way (" + runningId + "); try again when it ends");
    }
}
