package dev.llmos.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.llmos.skill.SkillParser;

/**
 * Names and paths from callers never name a file outside their volume: volume names, user and team
 * names, skill ids and in-volume paths are either refused with an {@link InvalidFieldException}
 * (or {@code isValidId} false) or plain ASCII that stays inside, also after Unicode normalisation.
 * Inputs: the committed known-bad list {@code src/test/resources/fuzz/names.txt} and a seeded
 * generator of {@code ..}, slashes, NUL, look-alikes of {@code /} and {@code .}, and long strings.
 */
class VolumeNameFuzzTests {

    private static final long SEED = Long.getLong("llmos.fuzz.seed", 20261125L);
    private static final int RUNS = Integer.getInteger("llmos.fuzz.runs", 3000) * 10;
    private static final Path ROOT = Path.of("/volumes");
    private static final String[] PIECES = {"..", ".", "/", "\\", "\0", "\uFF0F", "\u2215", "\u29F8", "\uFF0E", "\u2024", "\u3002",
        "\uFE52", "\u212A", "\u0131", "\u0130", "\u0301", "\u200B", "\u202E", "\uFEFF", "\n", " ", "%2e", "%2f", "teams/", "users/",
        "system", "alice", "a", "z", "0", "-", "_", "+", "@", ".git", "skills/", "A", "\uD800", "é"};

    @Test
    void knownBadNamesAreRefused() throws IOException {
        for (String name : corpus()) {
            assertThatThrownOrSafeVolume(name);
            assertThatThrownOrSafeName(name);
            assertThat(SkillParser.isValidId(name)).as(name).isFalse();
            assertThatThrownOrSafePath(name);
        }
    }

    @Test
    void generatedNamesAreRefusedOrStayInside() {
        Random random = new Random(SEED);
        for (int run = 0; run < RUNS; run++) {
            StringBuilder s = new StringBuilder();
            int parts = random.nextInt(12);
            for (int i = 0; i < parts; i++) {
                s.append(random.nextInt(5) == 0 ? new String(Character.toChars(random.nextInt(0x3000)))
                        : PIECES[random.nextInt(PIECES.length)]);
            }
            if (random.nextInt(200) == 0) {
                s.append("a".repeat(random.nextInt(100_000)));
            }
            String name = s.toString();
            assertThatThrownOrSafeVolume(name);
            assertThatThrownOrSafeName(name);
            assertThatThrownOrSafePath(name);
            if (SkillParser.isValidId(name)) {
                assertSafeAscii(name, "skills/" + name + ".md");
                assertThat(name).as(name).matches("[a-z0-9-]{1,64}");
            }
        }
    }

    private static void assertThatThrownOrSafeVolume(String text) {
        VolumeId id;
        try {
            id = VolumeId.parse(text);
        } catch (InvalidFieldException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertSafeAscii(text, id.path());
        assertThat(id.path()).as(text).isEqualTo(text);
    }

    private static void assertThatThrownOrSafeName(String name) {
        try {
            VolumeId.requireValidName(name, "user_id");
        } catch (InvalidFieldException refused) {
            assertThat(refused.getMessage()).doesNotContain("\0");
            return;
        }
        assertThat(name).as(name).matches("[a-z0-9_-]{1,64}");
        assertSafeAscii(name, "users/" + name);
    }

    private static void assertThatThrownOrSafePath(String path) {
        try {
            VolumePaths.requireSafe(path);
        } catch (InvalidFieldException refused) {
            return;
        }
        assertSafeAscii(path, path);
        for (String segment : path.split("/")) {
            assertThat(segment).as(path).doesNotStartWith(".");
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

    private static List<String> corpus() throws IOException {
        String text;
        try (InputStream in = VolumeNameFuzzTests.class.getResourceAsStream("/fuzz/names.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> names = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && !line.isEmpty()) {
                names.add(unescape(line).replace("\\n", "\n").replace("\\r", "\r"));
            }
        }
        names.add("a".repeat(65));
        names.add("users/" + "a".repeat(100_000));
        return names;
    }

    private static String unescape(String line) {
        Matcher m = Pattern.compile("\\\\u([0-9a-fA-F]{4})").matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        return m.appendTail(out).toString();
    }
}
