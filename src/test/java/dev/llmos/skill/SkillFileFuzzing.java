package dev.llmos.skill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of skill files (Jazzer): any bytes, read as the server reads a file
 * (UTF-8 with malformed bytes replaced) and byte for byte (Latin-1), parse in both layouts to a
 * result with its problem list, never an exception; a skill that parses cleanly has a valid id.
 * Committed inputs (billion laughs, deep nesting, NUL, invalid UTF-8) are in
 * {@code src/test/resources/dev/llmos/skill/SkillFileFuzzingInputs/skillFile/} and run on every
 * build; the {@code fuzz} surefire execution fuzzes (see docs/reliability.md).
 */
class SkillFileFuzzing {

    @FuzzTest(maxDuration = "30s")
    void skillFile(byte[] data) {
        parsesCleanly(new String(data, StandardCharsets.UTF_8));
        parsesCleanly(new String(data, StandardCharsets.ISO_8859_1));
    }

    private static void parsesCleanly(String text) {
        for (String path : new String[] {"skills/fuzz.md", "skills/fuzz/SKILL.md"}) {
            SkillParser.Result result = SkillParser.parseStored(path, text);
            assertThat(result).isNotNull();
            assertThat(result.problems()).isNotNull();
            if (result.ok()) {
                assertThat(SkillParser.isValidId(result.skill().id())).as(result.skill().id()).isTrue();
            } else {
                assertThat(result.errors()).as("a refused skill says why").isNotEmpty()
                        .allSatisfy(p -> assertThat(p.toString()).isNotBlank());
            }
        }
        assertThat(FrontMatter.parse("skills/fuzz.md", text)).isNotNull();
    }
}
