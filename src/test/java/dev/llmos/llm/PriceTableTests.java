package dev.llmos.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PriceTableTests {

    final PriceTable prices = PriceTable.defaults();

    @Test
    void findsExactIdsThenTheLongestPrefix() {
        assertThat(prices.price("claude-sonnet-5-5")).isEqualTo(new PriceTable.Price(2, 10, 2.50, 0.10));
        assertThat(prices.price("claude-sonnet-5-5-20260601")).isEqualTo(new PriceTable.Price(2, 10, 2.50, 0.10));
        assertThat(prices.price("claude-sonnet-5")).isEqualTo(new PriceTable.Price(2, 10, 2.50, 0.20));
        assertThat(prices.price("claude-sonnet-4-6")).isEqualTo(new PriceTable.Price(3, 15, 3.75, 0.30));
        assertThat(prices.price("claude-opus-4-1-20250805")).isEqualTo(new PriceTable.Price(15, 75, 18.75, 1.50));
        assertThat(prices.price("claude-opus-4-20250514")).isEqualTo(new PriceTable.Price(15, 75, 18.75, 1.50));
        assertThat(prices.price("claude-opus-4-6")).isEqualTo(new PriceTable.Price(5, 25, 6.25, 0.50));
        assertThat(prices.price("claude-haiku-4-5-20251001")).isEqualTo(new PriceTable.Price(1, 5, 1.25, 0.10));
        assertThat(prices.price("CLAUDE-HAIKU-5-5")).isEqualTo(new PriceTable.Price(0.10, 0.50, 0.125, 0.01));
    }

    @Test
    void unknownAndLocalModelsAreFree() {
        assertThat(prices.find("llama3.2")).isEmpty();
        assertThat(prices.cost("llama3.2", new Usage(1_000_000, 1_000_000, 0, 0))).isZero();
        assertThat(prices.cost(null, new Usage(5, 5, 5, 5))).isZero();
        assertThat(prices.cost("none", Usage.NONE)).isZero();
    }

    @Test
    void costAddsAllFourKindsOfTokens() {
        Usage usage = new Usage(1_000, 500, 10_000, 200_000);

        double cost = prices.cost("claude-sonnet-4-6", usage);

        // 1k × 3 + 0.5k × 15 + 10k × 3.75 + 200k × 0.30, per million
        assertThat(cost).isCloseTo((1_000 * 3 + 500 * 15 + 10_000 * 3.75 + 200_000 * 0.30) / 1e6, within(1e-12));
    }

    @Test
    void overridesReplaceAndAddEntries() {
        PriceTable table = prices.withOverrides(" claude-sonnet-5-5 = 3/15/3.75/0.30 ; llama3=0.1/0.2/0/0; ");

        assertThat(table.price("claude-sonnet-5-5")).isEqualTo(new PriceTable.Price(3, 15, 3.75, 0.30));
        assertThat(table.price("llama3.2:8b")).isEqualTo(new PriceTable.Price(0.1, 0.2, 0, 0));
        assertThat(table.price("claude-opus-5-5")).isEqualTo(prices.price("claude-opus-5-5"));
        assertThat(prices.price("claude-sonnet-5-5")).isEqualTo(new PriceTable.Price(2, 10, 2.50, 0.10));
        assertThat(prices.withOverrides("  ")).isSameAs(prices);
    }

    @Test
    void readsOverridesFromLlmosPrices() {
        PriceTable table = PriceTable.from(Map.of("LLMOS_PRICES", "my-model=1/2/3/4")::get);

        assertThat(table.price("my-model")).isEqualTo(new PriceTable.Price(1, 2, 3, 4));
        assertThat(PriceTable.from(name -> null).prices()).isEqualTo(prices.prices());
    }

    @Test
    void rejectsBadOverridesClearly() {
        assertThatIllegalArgumentException().isThrownBy(() -> prices.withOverrides("claude=1/2/3"))
                .withMessageContaining("claude=1/2/3").withMessageContaining("model=input/output/cacheWrite/cacheRead");
        assertThatIllegalArgumentException().isThrownBy(() -> prices.withOverrides("=1/2/3/4"))
                .withMessageContaining("=1/2/3/4");
        assertThatIllegalArgumentException().isThrownBy(() -> prices.withOverrides("claude 1/2/3/4"));
        assertThatIllegalArgumentException().isThrownBy(() -> prices.withOverrides("x=1/2/cheap/4"))
                .withMessageContaining("'cheap' is not a non-negative number");
        assertThatIllegalArgumentException().isThrownBy(() -> prices.withOverrides("x=1/-2/3/4"))
                .withMessageContaining("'-2'");
        assertThatIllegalArgumentException().isThrownBy(() -> prices.withOverrides("x=1//3/4"));
        assertThatIllegalArgumentException().isThrownBy(() -> prices.withOverrides("x=NaN/1/1/1"));
        assertThatIllegalArgumentException().isThrownBy(() -> new PriceTable.Price(-1, 0, 0, 0));
    }

    @Test
    void anExplicitTableHasOnlyItsEntries() {
        PriceTable table = PriceTable.of(Map.of("gpt", new PriceTable.Price(1, 1, 0, 0)));

        assertThat(table.price("gpt-5")).isEqualTo(new PriceTable.Price(1, 1, 0, 0));
        assertThat(table.price("claude-sonnet-5-5")).isEqualTo(PriceTable.Price.FREE);
    }
}
