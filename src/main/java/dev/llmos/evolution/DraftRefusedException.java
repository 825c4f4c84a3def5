package dev.llmos.evolution;

import java.util.List;

/** A draft failed the gate before acceptance; nothing was written. Carries every reason. */
public class DraftRefusedException extends RuntimeException {

    private final List<String> reasons;

    public DraftRefusedException(String id, List<String> reasons) {
        super("draft '" + id + "' cannot be accepted: " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
