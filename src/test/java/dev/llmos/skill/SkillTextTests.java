package dev.llmos.skill;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Summaries for skills without a description, and clipping text to a length. */
class SkillTextTests {

    @Test
    void theSummaryIsTheFirstSentenceLineWithItsHeadingWhenShort() {
        assertThat(SkillText.summary("# Git\n\nCommit often.\n", "x")).isEqualTo("Git: Commit often.");
        assertThat(SkillText.summary("# Git\n\nWrite small commits with messages that explain why.\n", "x"))
                .isEqualTo("Write small commits with messages that explain why.");
    }

    @Test
    void theSummaryIgnoresFencesMarkupAndLinesWithoutWords() {
        String body = "```\ncode line\n```\n---\n{\n>>>\n- **Use** [the docs](https://x.org) and `tools` always.\n";

        assertThat(SkillText.summary(body, "x")).isEqualTo("Use the docs and tools always.");
    }

    @Test
    void theSummaryFallsBackToTheHeadingAndThenToTheFallback() {
        assertThat(SkillText.summary("# Only A Heading\n## Another\n", "x")).isEqualTo("Only A Heading");
        assertThat(SkillText.summary("\n```\nonly code\n```\n", "fallback")).isEqualTo("fallback");
    }

    @Test
    void clipCutsAtAWordAndMarksTheCut() {
        assertThat(SkillText.clip("short", 10)).isEqualTo("short");
        assertThat(SkillText.clip("one two three four", 10)).isEqualTo("one two…");
        assertThat(SkillText.clip("x".repeat(20), 10)).isEqualTo("x".repeat(9) + "…");
    }

    @Test
    void clipNeverSplitsACharacterOutsideTheBasicPlane() {
        String emoji = "\uD83C\uDF4C"; // a banana, two UTF-16 units
        String text = "a".repeat(8) + emoji + "tail-without-spaces";

        String clipped = SkillText.clip(text, 10);

        assertThat(clipped).isEqualTo("a".repeat(8) + "…");
        assertThat(clipped.codePoints().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
        assertThat(clipped.length()).isLessThanOrEqualTo(10);
    }
}
