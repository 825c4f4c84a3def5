package dev.llmos.compat;

import java.util.ArrayList;
import java.util.List;

/**
 * What a translated request asked for that the other protocol cannot do (a server-side tool it lacks,
 * several choices at once, a document block): refused with a 400 in the caller's shape that names it,
 * or, when the operator allows it ({@code LLMOS_COMPAT_DROP_UNSUPPORTED=true}, like LiteLLM's
 * {@code drop_params}), left out and named in the {@code x-llmos-dropped} response header and the trace.
 */
final class Untranslatable {

    private final boolean drop;
    private final String target;
    private final List<String> dropped = new ArrayList<>();

    /** @param target the upstream's protocol, for the message ("Anthropic Messages") */
    Untranslatable(boolean drop, String target) {
        this.drop = drop;
        this.target = target;
    }

    /**
     * Refuses (or drops) a feature.
     *
     * @param name short, for the header ({@code tool:web_search}, {@code n})
     * @param what for people ("the hosted tool 'web_search'")
     */
    void refuse(String name, String what) {
        if (!drop) {
            throw new CompatException(400, "LLMos cannot translate " + what + " to " + target
                    + " (the model for this request is served over that protocol); leave it out, or set "
                    + "LLMOS_COMPAT_DROP_UNSUPPORTED=true to have LLMos drop what cannot be translated");
        }
        dropped.add(name);
    }

    List<String> dropped() {
        return List.copyOf(dropped);
    }
}
