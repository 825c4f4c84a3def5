package dev.llmos.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The models a person can pick in the chat screen: what the configured provider offers, asked of
 * the upstream at most every few minutes (a failure is remembered for less), always with the
 * default model, first when the upstream does not list it. Offline there is nothing to pick.
 */
public final class ModelChoices {

    /**
     * @param listed whether {@code models} comes from the upstream (false: only the default, see {@code error})
     * @param error  why the upstream could not list its models; null when it did
     */
    public record Choices(String provider, boolean configured, String defaultModel, List<ModelOption> models,
                          boolean listed, String error) {
    }

    private static final Duration FRESH = Duration.ofMinutes(10);
    private static final Duration RETRY = Duration.ofSeconds(30);

    private record Cached(Choices choices, long until) {
    }

    private final LlmProvider provider;
    private volatile Cached cached;

    public ModelChoices(LlmProvider provider) {
        this.provider = provider;
    }

    public Choices get() {
        Cached c = cached;
        if (c != null && System.nanoTime() - c.until() < 0) {
            return c.choices();
        }
        synchronized (this) {
            c = cached;
            if (c != null && System.nanoTime() - c.until() < 0) {
                return c.choices();
            }
            Choices fresh = ask();
            cached = new Cached(fresh, System.nanoTime() + (fresh.listed() || !provider.isConfigured() ? FRESH : RETRY).toNanos());
            return fresh;
        }
    }

    private Choices ask() {
        if (!provider.isConfigured()) {
            return new Choices(provider.name(), false, null, List.of(), false, null);
        }
        String fallback = provider.defaultModel();
        try {
            List<ModelOption> models = new ArrayList<>(provider.models());
            if (models.stream().noneMatch(m -> m.id().equals(fallback))) {
                models.add(0, new ModelOption(fallback, fallback));
            }
            return new Choices(provider.name(), true, fallback, List.copyOf(models), true, null);
        } catch (LlmException e) {
            return new Choices(provider.name(), true, fallback, List.of(new ModelOption(fallback, fallback)), false,
                    e.getMessage());
        }
    }
}
