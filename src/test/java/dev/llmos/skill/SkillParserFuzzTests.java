package dev.llmos.skill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input never breaks the skill parser: any text (YAML bombs, deep nesting, NUL, bytes that are
 * not UTF-8) gives a result with its problem list, quickly, and never an exception. Random inputs
 * come from a seeded generator ({@code -Dllmos.fuzz.seed}, {@code -Dllmos.fuzz.runs}); known-bad
 * inputs are committed under {@code src/test/resources/fuzz/}.
 */
class SkillParserFuzzTests {

    private static final long SEED = Long.getLong("llmos.fuzz.seed", 20261125L);
    private static final int RUNS = Integer.getInteger("llmos.fuzz.runs", 3000);
    private static final String[] TOKENS = {"---\n", "---", "...\n", "\n", "\r\n", "\r", ": ", ":", "- ", "name: ", "description: ",
        "keywords: ", "metadata:\n  ", "&a ", "*a", "&b [*a, *a, *a]", "[", "]", "{", "}", ",", "|\n", ">-\n", "  ", "\t", "\"", "'",
        "\\", "\0", "\u0001", "\u001b[2J", "\uFEFF", "\uD800", "\uDC00", "\uFFFD", "\uFFFF", "#", "!!str ", "!!binary ", "!<tag:x> ",
        "? ", "%YAML 1.2\n", "<<: *a\n", "1.10", "0x1F", "~", "null", "true", "é", "\u202E", "\uFF0F", "../", "\u2028"};

    @ParameterizedTest
    @ValueSource(strings = {"billion-laughs.md", "deep-block-nesting.md", "nul-and-controls.md", "invalid-utf8.md"})
    void knownBadFilesGiveProblemsNotExceptions(String file) throws IOException {
        byte[] bytes;
        try (InputStream in = SkillParserFuzzTests.class.getResourceAsStream("/fuzz/" + file)) {
            bytes = in.readAllBytes();
        }
        // As the server reads a file (UTF-8, malformed bytes replaced) and byte for byte (Latin-1).
        parsesCleanly(new String(bytes, StandardCharsets.UTF_8));
        parsesCleanly(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    @Test
    void generatedAliasBombsAndHugeFrontMatterAreRefusedQuickly() {
        StringBuilder bomb = new StringBuilder("---\nname: x\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 30; i++) {
            bomb.append('a').append(i).append(": &a").append(i).append(" [").append(("*a" + (i - 1) + ",").repeat(9))
                    .append("*a").append(i - 1).append("]\n");
        }
        parsesCleanly(bomb.append("description: *a29\n---\nbody\n").toString());
        parsesCleanly("---\n" + "name: x\n".repeat(100_000) + "---\n");
        parsesCleanly("---\ndescription: " + "x".repeat(2_000_000) + "\n---\n");
    }

    /** SnakeYAML recurses per nesting level; the overflow must become a problem, not escape. */
    @Test
    void deeplyNestedYamlGivesProblemsNotAStackOverflow() throws IOException {
        try (InputStream in = SkillParserFuzzTests.class.getResourceAsStream("/fuzz/deep-nesting.md")) {
            parsesCleanly(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        parsesCleanly("---\nname: x\ndescription: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n---\n");
        parsesCleanly("---\nname: x\nmetadata: " + "{a: ".repeat(50_000) + "1" + "}".repeat(50_000) + "\n---\n");
        parsesCleanly("---\nname: x\nkeywords:\n" + "- ".repeat(50_000) + "x\n---\n");
    }

    @Test
    void arbitraryTextGivesProblemsNotExceptions() {
        Random random = new Random(SEED);
        for (int run = 0; run < RUNS; run++) {
            StringBuilder text = new StringBuilder(random.nextInt(4) == 0 ? "" : "---\n");
            int parts = random.nextInt(60);
            for (int i = 0; i < parts; i++) {
                switch (random.nextInt(4)) {
                    case 0 -> text.appendCodePoint(random.nextInt(0x110000) & ~(random.nextBoolean() ? 0 : 0x10F000));
                    case 1 -> text.append(new String(randomBytes(random), StandardCharsets.UTF_8));
                    default -> text.append(TOKENS[random.nextInt(TOKENS.length)]);
                }
            }
            String input = text.toString();
            parsesCleanly(input, "run " + run + " of seed " + SEED + ": " + input.codePoints().limit(200)
                    .collect(StringBuilder::new, (b, cp) -> b.append(String.format("\\u%04x", cp)), StringBuilder::append));
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(8)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void parsesCleanly(String text) {
        parsesCleanly(text, text.codePoints().limit(120).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString());
    }

    /**
     * Both layouts parse; a skill that parses cleanly has a valid id and only known fields. The
     * timeout only catches a hang (each input takes well under a second), it is not a speed figure.
     */
    private static void parsesCleanly(String text, String description) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String path : new String[] {"skills/fuzz.md", "skills/fuzz/SKILL.md"}) {
                SkillParser.Result result = SkillParser.parseStored(path, text);
                assertThat(result).as(description).isNotNull();
                assertThat(result.problems()).as(description).isNotNull();
                if (result.ok()) {
                    assertThat(SkillParser.isValidId(result.skill().id())).as(description).isTrue();
                } else {
                    assertThat(result.errors()).as("a refused skill says why: " + description).isNotEmpty()
                            .allSatisfy(p -> assertThat(p.toString()).isNotBlank());
                }
            }
            FrontMatter.parse("skills/fuzz.md", text);
        }, description);
    }
}
