package dev.llmos.llm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a call costs: USD per million tokens for input, output, cache writes and cache reads, per
 * model. A model is looked up by its exact id, then by the longest key that is a prefix of it
 * (so {@code claude-sonnet-5-5-20260601} finds {@code claude-sonnet-5-5}, and an unlisted
 * {@code claude-sonnet-…} finds the {@code claude-sonnet} family price). Unknown and local models
 * cost 0.
 *
 * <p>The built-in prices are defaults taken from Anthropic's public price list in November 2026
 * (5-minute cache writes; Haiku 5.5 at its ≤100k-token prompt tier). Prices change: override
 * them with {@code LLMOS_PRICES}, e.g. {@code claude-sonnet-5-5=3/15/3.75/0.30;llama3=0/0/0/0}.
 */
public final class PriceTable {

    /** Prices in USD per million tokens. */
    public record Price(double input, double output, double cacheWrite, double cacheRead) {

        public static final Price FREE = new Price(0, 0, 0, 0);

        public Price {
            check("input", input);
            check("output", output);
            check("cache write", cacheWrite);
            check("cache read", cacheRead);
        }

        private static void check(String what, double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(what + " price must be a non-negative number, was " + value);
            }
        }

        /** Cost in USD. */
        public double cost(Usage usage) {
            if (usage == null) {
                return 0;
            }
            return (usage.inputTokens() * input + usage.outputTokens() * output
                    + usage.cacheCreationInputTokens() * cacheWrite + usage.cacheReadInputTokens() * cacheRead) / 1_000_000d;
        }
    }

    private static final Map<String, Price> DEFAULTS;

    static {
        Map<String, Price> d = new LinkedHashMap<>();
        Price opus3to41 = new Price(15, 75, 18.75, 1.50);
        Price sonnet = new Price(3, 15, 3.75, 0.30);
        // Fable / Mythos
        d.put("claude-fable", new Price(10, 50, 12.50, 1.00));
        d.put("claude-fable-5-1", new Price(10, 50, 12.50, 0.25));
        d.put("claude-mythos", new Price(10, 50, 12.50, 1.00));
        d.put("claude-mythos-5-1", new Price(10, 50, 12.50, 0.25));
        // Opus: 4.5 to 5 at 5/25; 5.5 cheaper; 4, 4.1 and 3 at 15/75
        d.put("claude-opus", new Price(5, 25, 6.25, 0.50));
        d.put("claude-opus-5-5", new Price(4, 20, 5.00, 0.20));
        d.put("claude-opus-4-0", opus3to41);
        d.put("claude-opus-4-1", opus3to41);
        d.put("claude-opus-4-2025", opus3to41);
        d.put("claude-3-opus", opus3to41);
        // Sonnet
        d.put("claude-sonnet", sonnet);
        d.put("claude-sonnet-5", new Price(2, 10, 2.50, 0.20));
        d.put("claude-sonnet-5-5", new Price(2, 10, 2.50, 0.10));
        d.put("claude-3-5-sonnet", sonnet);
        d.put("claude-3-7-sonnet", sonnet);
        // Haiku
        d.put("claude-haiku", new Price(1, 5, 1.25, 0.10));
        d.put("claude-haiku-5-5", new Price(0.10, 0.50, 0.125, 0.01));
        d.put("claude-3-5-haiku", new Price(0.80, 4, 1.00, 0.08));
        d.put("claude-3-haiku", new Price(0.25, 1.25, 0.30, 0.03));
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        Map<String, Price> sorted = new TreeMap<>();
        prices.forEach((k, v) -> sorted.put(key(k), v));
        this.prices = Collections.unmodifiableMap(sorted);
    }

    /** The built-in prices. */
    public static PriceTable defaults() {
        return new PriceTable(DEFAULTS);
    }

    /** Exactly these prices (keys are model ids or id prefixes). */
    public static PriceTable of(Map<String, Price> prices) {
        return new PriceTable(prices);
    }

    /** The defaults with {@code LLMOS_PRICES} applied on top. */
    public static PriceTable from(Function<String, String> env) {
        return defaults().withOverrides(env.apply("LLMOS_PRICES"));
    }

    /** These prices with the entries of {@code spec} (see {@link #parse}) added or replaced. */
    public PriceTable withOverrides(String spec) {
        if (spec == null || spec.isBlank()) {
            return this;
        }
        Map<String, Price> merged = new LinkedHashMap<>(prices);
        parse(spec).forEach((k, v) -> merged.put(key(k), v));
        return new PriceTable(merged);
    }

    /**
     * Parses {@code model=input/output/cacheWrite/cacheRead;model2=…} (USD per million tokens).
     * Blank entries are ignored; a model listed twice keeps its last price.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static Map<String, Price> parse(String spec) {
        Map<String, Price> out = new LinkedHashMap<>();
        if (spec == null) {
            return out;
        }
        for (String raw : spec.split(";")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String model = eq < 0 ? "" : entry.substring(0, eq).strip();
            String[] numbers = eq < 0 ? new String[0] : entry.substring(eq + 1).split("/", -1);
            if (model.isEmpty() || model.chars().anyMatch(Character::isWhitespace) || numbers.length != 4) {
                throw new IllegalArgumentException("price entry '" + entry
                        + "' must look like model=input/output/cacheWrite/cacheRead (USD per million tokens), "
                        + "e.g. claude-sonnet-5-5=3/15/3.75/0.30");
            }
            double[] values = new double[4];
            for (int i = 0; i < 4; i++) {
                String n = numbers[i].strip();
                try {
                    values[i] = Double.parseDouble(n);
                } catch (NumberFormatException e) {
                    values[i] = Double.NaN;
                }
                if (n.isEmpty() || !(values[i] >= 0) || Double.isInfinite(values[i])) {
                    throw new IllegalArgumentException("price entry '" + entry + "': '" + n
                            + "' is not a non-negative number");
                }
            }
            out.put(key(model), new Price(values[0], values[1], values[2], values[3]));
        }
        return out;
    }

    /** The price of a model by exact id, else by the longest matching prefix. */
    public Optional<Price> find(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        String m = key(model);
        Price exact = prices.get(m);
        if (exact != null) {
            return Optional.of(exact);
        }
        String best = null;
        for (String k : prices.keySet()) {
            if (m.startsWith(k) && (best == null || k.length() > best.length())) {
                best = k;
            }
        }
        return best == null ? Optional.empty() : Optional.of(prices.get(best));
    }

    /** The price of a model, {@link Price#FREE} when unknown (e.g. a local model). */
    public Price price(String model) {
        return find(model).orElse(Price.FREE);
    }

    /** Cost of a call in USD (0 for unknown models). */
    public double cost(String model, Usage usage) {
        return price(model).cost(usage);
    }

    /** All entries, keys sorted. */
    public Map<String, Price> prices() {
        return prices;
    }

    @Override
    public String toString() {
        return "PriceTable" + prices;
    }

    private static String key(String model) {
        return model.strip().toLowerCase(Locale.ROOT);
    }
}
