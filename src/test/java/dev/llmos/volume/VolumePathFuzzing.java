package dev.llmos.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.llmos.skill.SkillParser;

/**
 * Coverage-guided fuzzing of names and paths from callers (Jazzer): the bytes as UTF-8 are a volume
 * name, a user or team name, an in-volume path and a skill id. Each is either refused (an
 * {@link InvalidFieldException}, or {@code isValidId} false) or printable ASCII that means the same
 * after NFKC and resolves inside the volume. Committed inputs ({@code ..}, NUL, look-alikes of
 * {@code /} and {@code .}, Kelvin sign, combining marks) are in
 * {@code src/test/resources/dev/llmos/volume/VolumePathFuzzingInputs/names/}.
 */
class VolumePathFuzzing {

    private static final Path ROOT = Path.of("/volumes");

    @FuzzTest(maxDuration = "30s")
    void names(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        volume(text);
        name(text);
        path(text);
        if (SkillParser.isValidId(text)) {
            assertThat(text).matches("[a-z0-9-]{1,64}");
            assertSafeAscii(text, "skills/" + text + ".md");
        }
    }

    private static void volume(String text) {
        VolumeId id;
        try {
            id = VolumeId.parse(text);
        } catch (InvalidFieldException refused) {
            assertThat(refused.getMessage()).isNotBlank().doesNotContain("\0");
            return;
        }
        assertThat(id.path()).isEqualTo(text);
        assertSafeAscii(text, id.path());
    }

    private static void name(String text) {
        try {
            VolumeId.requireValidName(text, "user_id");
        } catch (InvalidFieldException refused) {
            assertThat(refused.getMessage()).doesNotContain("\0");
            return;
        }
        assertThat(text).matches("[a-z0-9_-]{1,64}");
        assertSafeAscii(text, "users/" + text);
    }

    private static void path(String text) {
        try {
            VolumePaths.requireSafe(text);
        } catch (InvalidFieldException refused) {
            return;
        }
        assertSafeAscii(text, text);
        for (String segment : text.split("/")) {
            assertThat(segment).doesNotStartWith(".");
        }
    }

    /** What was accepted is printable ASCII, means the same after NFKC, and resolves inside the root. */
    private static void assertSafeAscii(String input, String path) {
        assertThat(path.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\')).as(input).isTrue();
        assertThat(Normalizer.normalize(path, Normalizer.Form.NFKC)).as(input).isEqualTo(path);
        Path resolved = ROOT.resolve(path).normalize();
        assertThat(resolved.startsWith(ROOT) && !resolved.equals(ROOT)).as(input).isTrue();
        assertThat(List.of(path.split("/"))).as(input).doesNotContain("..", ".", "", ".git");
    }
}
