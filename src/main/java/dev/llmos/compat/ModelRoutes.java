package dev.llmos.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which upstream serves a request, from the model it names. Both upstreams may be configured at once.
 * <ol>
 * <li>A model of a known family goes to that family's upstream: {@code claude-*} to Anthropic;
 *     {@code gpt-*}, {@code o1*}, {@code o3*}, {@code o4*}, {@code chatgpt-*} to the OpenAI-compatible server
 *     ({@code LLMOS_MODEL_ROUTES} adds or overrides, e.g. {@code qwen*=openai;claude-*=anthropic}).</li>
 * <li>When that upstream is not configured, the other one serves the request with its default model
 *     (a Claude model name means nothing to Ollama).</li>
 * <li>A model of no known family (e.g. {@code llama3.2}, {@code qwen3-coder}) goes to the OpenAI-compatible
 *     server if configured (Anthropic serves only Claude models), else to Anthropic, as named.</li>
 * <li>No model: the upstream of the client's own protocol if configured, else the other, with its default model.</li>
 * </ol>
 */
final class ModelRoutes {

    /** Where a request goes: an upstream and the model to ask it for. */
    record Route(Upstream upstream, String model) {
    }

    static final String DEFAULT_ROUTES = "claude-*=anthropic;gpt-*=openai;o1*=openai;o3*=openai;o4*=openai;chatgpt-*=openai";

    private record Rule(Pattern model, boolean anthropic) {
    }

    private final Upstream anthropic;
    private final Upstream openAi;
    private final List<Rule> rules = new ArrayList<>();

    /**
     * @param routes {@code pattern=anthropic|openai} pairs separated by {@code ;} (a {@code *} matches anything),
     *               tried before the defaults
     * @throws IllegalArgumentException for a malformed pair (refused at start-up)
     */
    ModelRoutes(Upstream anthropic, Upstream openAi, String routes) {
        this.anthropic = anthropic;
        this.openAi = openAi;
        String all = (routes == null || routes.isBlank() ? "" : routes.strip() + ";") + DEFAULT_ROUTES;
        for (String pair : all.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            String target = kv.length == 2 ? kv[1].strip() : "";
            if (kv[0].isBlank() || !(target.equals("anthropic") || target.equals("openai"))) {
                throw new IllegalArgumentException("LLMOS_MODEL_ROUTES: '" + pair.strip()
                        + "' is not pattern=anthropic or pattern=openai (e.g. claude-*=anthropic;qwen*=openai)");
            }
            String regex = ("\\Q" + kv[0].strip() + "\\E").replace("*", "\\E.*\\Q");
            rules.add(new Rule(Pattern.compile(regex), target.equals("anthropic")));
        }
    }

    /** The upstream of each protocol, for {@code /v1/models}; null entries are not configured. */
    List<Upstream> upstreams() {
        List<Upstream> out = new ArrayList<>();
        if (anthropic != null) {
            out.add(anthropic);
        }
        if (openAi != null) {
            out.add(openAi);
        }
        return out;
    }

    boolean anthropicConfigured() {
        return anthropic != null;
    }

    /** The route for a client's request; null when no upstream is configured at all (the offline answer). */
    Route pick(Protocol client, String model) {
        if (anthropic == null && openAi == null) {
            return null;
        }
        String name = model == null ? "" : model.strip();
        Boolean family = name.isEmpty() ? null : family(name);
        if (family != null) {
            Upstream own = family ? anthropic : openAi;
            if (own != null) {
                return new Route(own, name);
            }
            Upstream other = family ? openAi : anthropic;
            return new Route(other, other.defaultModel());
        }
        if (!name.isEmpty()) {
            return new Route(openAi != null ? openAi : anthropic, name);
        }
        Upstream own = client == Protocol.ANTHROPIC ? anthropic : openAi;
        Upstream chosen = own != null ? own : (client == Protocol.ANTHROPIC ? openAi : anthropic);
        return new Route(chosen, chosen.defaultModel());
    }

    /** True for Anthropic's family, false for OpenAI's, null for none. */
    private Boolean family(String model) {
        for (Rule r : rules) {
            if (r.model().matcher(model).matches()) {
                return r.anthropic();
            }
        }
        return null;
    }
}
