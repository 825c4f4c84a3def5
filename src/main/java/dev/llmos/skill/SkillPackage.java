package dev.llmos.skill;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A skill as a spec-valid Agent Skills folder, the form in which other agents take skills (the MCP
 * skills extension serves exactly this): its {@code SKILL.md}, the front matter a strict reader finds
 * in that file, and every file with its SHA-256 and size.
 *
 * <p>The {@code SKILL.md} is the stored file, byte for byte, when it already is a plain spec-valid one
 * naming the skill by its id. Otherwise (seed-format {@code skills/{id}.md} skills, and folder skills
 * whose front matter only LLMos's lenient reader accepts) it is rendered from what LLMos read: the id
 * as {@code name}, the description, LLMos's own fields under {@code metadata}, then the body. Either
 * way the same bytes are listed and served, so digests and front matter always agree with the file.
 *
 * @param frontmatter the {@code SKILL.md}'s front matter as JSON values, as a YAML 1.2 reader sees it
 * @param files       {@code SKILL.md} first, then the folder's other files by path
 */
public record SkillPackage(Skill skill, Map<String, Object> frontmatter, List<FileEntry> files) {

    public static final String MAIN = "SKILL.md";

    /**
     * One file of the folder.
     *
     * @param path   relative to the folder, {@code /}-separated
     * @param digest {@code sha256:} and 64 lowercase hex digits of the file's bytes
     * @param size   the file's length in bytes
     * @param text   its bytes are UTF-8 text (else it is binary, e.g. an image)
     */
    public record FileEntry(String path, String digest, long size, boolean text) {
    }

    public SkillPackage {
        frontmatter = Collections.unmodifiableMap(new LinkedHashMap<>(frontmatter));
        files = List.copyOf(files);
    }

    /** The folder of a skill: reads and hashes every file, all at one commit of its volume. */
    static SkillPackage of(Skill skill, SkillCatalog catalog) {
        Function<String, Optional<byte[]>> read = catalog.reader(skill);
        byte[] main = mainFile(skill, read);
        Map<String, Object> frontmatter = SpecFrontMatter.read(new String(main, StandardCharsets.UTF_8))
                .orElseThrow(() -> new IllegalStateException("rendered SKILL.md of '" + skill.id() + "' has no front matter"));
        List<FileEntry> files = new ArrayList<>();
        files.add(file(MAIN, main));
        for (String rel : skill.files().stream().sorted().toList()) {
            read.apply(SkillCatalog.fileOf(skill, rel)).ifPresent(b -> files.add(file(rel, b)));
        }
        return new SkillPackage(skill, frontmatter, files);
    }

    /** The bytes of one file of a skill's folder ({@code SKILL.md} or one of {@link Skill#files()}), if it has it. */
    static Optional<byte[]> read(Skill skill, SkillCatalog catalog, String path) {
        return MAIN.equals(path) ? Optional.of(mainFile(skill, catalog.reader(skill))) : catalog.readFile(skill, path);
    }

    /** The text of a file's bytes when they are valid UTF-8 (then a text resource, else a binary one). */
    public static Optional<String> text(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static byte[] mainFile(Skill skill, Function<String, Optional<byte[]>> read) {
        if (skill.format() == SkillFormat.AGENT_SKILL) {
            Optional<byte[]> stored = read.apply(skill.path()).filter(b -> isPlainSpecFile(b, skill.id()));
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        return SkillMarkdown.render(specValid(skill)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether a stored {@code SKILL.md} can be served as it is: UTF-8 without a byte order mark, front
     * matter every strict reader reads alike, {@code name} the skill's id and a description within the
     * spec's limit.
     */
    static boolean isPlainSpecFile(byte[] bytes, String id) {
        Optional<String> text = text(bytes).filter(t -> !t.startsWith("\uFEFF"));
        Optional<Map<String, Object>> fm = text.flatMap(SpecFrontMatter::read);
        if (fm.isEmpty()) {
            return false;
        }
        Object description = fm.get().get("description");
        return id.equals(fm.get().get("name")) && description instanceof String d && !d.isBlank()
                && d.codePointCount(0, d.length()) <= SkillParser.MAX_DESCRIPTION;
    }

    /** The skill with a description the spec accepts: one summed up from the body when it has none, cut to the limit. */
    private static Skill specValid(Skill s) {
        String description = s.description() == null || s.description().isBlank()
                ? SkillText.summary(s.body(), s.name()) : SkillText.clip(s.description(), SkillParser.MAX_DESCRIPTION);
        return new Skill(s.id(), s.name(), description, s.category(), s.keywords(), s.body(), SkillFormat.AGENT_SKILL,
                s.alwaysOn(), s.globs(), s.license(), s.compatibility(), s.metadata(), s.allowedTools(), s.files(),
                s.volume(), s.path(), s.commit());
    }

    private static FileEntry file(String path, byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new FileEntry(path, "sha256:" + HexFormat.of().formatHex(hash), bytes.length, text(bytes).isPresent());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
