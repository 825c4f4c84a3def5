package dev.llmos.skill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.llmos.volume.VolumePaths;

/**
 * Turns skills, rules and instruction files from other tools into LLMos skills: every result is a
 * spec-valid Agent Skill ({@code skills/{id}/SKILL.md}), with the source's own fields kept in
 * {@code metadata}. Tolerant by design: real files are sloppy, and an import that drops a file
 * is worse than one that notes a warning.
 */
public final class SkillImporter {

    /** One converted file: the skill, the other files of its folder, and what was noticed. */
    public record Imported(Skill skill, SkillFormat source, String sourcePath, Map<String, byte[]> files,
                           List<SkillProblem> problems) {
    }

    /**
     * What a scan found: converted skills, counts per source format, files that could not be read, and
     * symbolic links left out (a link could pull a secret from elsewhere on the disk into a volume).
     */
    public record Report(List<Imported> skills, Map<SkillFormat, Integer> counts, List<String> failures,
                         List<String> skippedLinks) {
    }

    private static final Set<String> STOPWORDS = Set.of("the", "and", "for", "with", "best", "practices", "prompt",
            "file", "rules", "cursorrules", "instructions", "guide", "guidelines", "prom", "fi", "from", "your");
    private static final long MAX_FILE = 1024 * 1024;

    private final Set<String> usedIds = new HashSet<>();

    /** Reserves ids that already exist where the skills will go, so imports never clobber them. */
    public SkillImporter(Set<String> existingIds) {
        usedIds.addAll(existingIds);
    }

    /** Scans {@code root} (itself followed if it is a link: it is the caller's choice), never following a link inside it. */
    public Report scan(Path root) {
        Path base;
        List<Path> all;
        try {
            base = root.toRealPath();
            try (Stream<Path> walk = Files.walk(base)) {
                all = walk.filter(p -> !base.relativize(p).toString().contains(".git/")).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        List<String> links = all.stream().filter(Files::isSymbolicLink).map(p -> relative(base, p)).toList();
        List<Path> candidates = all.stream().filter(SkillImporter::isPlainFile)
                .filter(p -> SkillFormat.forFileName(p.getFileName().toString()) != null).toList();
        Set<Path> skillFolders = new HashSet<>();
        for (Path p : candidates) {
            if (p.getFileName().toString().equals("SKILL.md")) {
                skillFolders.add(p.getParent());
            }
        }
        List<Imported> out = new ArrayList<>();
        Map<SkillFormat, Integer> counts = new EnumMap<>(SkillFormat.class);
        List<String> failures = new ArrayList<>();
        for (Path file : candidates) {
            String name = file.getFileName().toString();
            SkillFormat format = SkillFormat.forFileName(name);
            if (format != SkillFormat.AGENT_SKILL && insideSkillFolder(file, skillFolders)) {
                continue; // a reference file of a SKILL.md folder, imported with it
            }
            String rel = relative(base, file);
            try {
                if (Files.size(file) > MAX_FILE) {
                    failures.add(rel + ": larger than " + MAX_FILE + " bytes");
                    continue;
                }
                byte[] bytes = Files.readAllBytes(file);
                String text = decode(bytes);
                Map<String, byte[]> extra = format == SkillFormat.AGENT_SKILL ? folderFiles(file.getParent()) : Map.of();
                Imported imported = convert(rel, format, text == null ? new String(bytes, StandardCharsets.UTF_8) : text, extra);
                if (text == null) {
                    List<SkillProblem> problems = new ArrayList<>(imported.problems());
                    problems.add(SkillProblem.warning(rel, null, 0, "not valid UTF-8; unreadable bytes were replaced"));
                    imported = new Imported(imported.skill(), imported.source(), imported.sourcePath(), imported.files(),
                            List.copyOf(problems));
                }
                out.add(imported);
                counts.merge(format, 1, Integer::sum);
            } catch (IOException | UncheckedIOException e) {
                failures.add(rel + ": " + e.getMessage());
            } catch (RuntimeException e) {
                failures.add(rel + ": cannot convert (" + e + ")"); // one bad file must not stop the scan
            }
        }
        return new Report(out, counts, failures, links);
    }

    private static String relative(Path base, Path file) {
        return base.equals(file) ? file.getFileName().toString() : base.relativize(file).toString().replace('\\', '/');
    }

    private static boolean isPlainFile(Path p) {
        return Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** Strict UTF-8, or null when the bytes are not valid UTF-8. */
    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean insideSkillFolder(Path file, Set<Path> skillFolders) {
        for (Path p = file.getParent(); p != null; p = p.getParent()) {
            if (skillFolders.contains(p)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, byte[]> folderFiles(Path folder) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) walk.filter(SkillImporter::isPlainFile)::iterator) {
                String rel = folder.relativize(p).toString().replace('\\', '/');
                if (!rel.equals("SKILL.md") && Files.size(p) <= MAX_FILE) {
                    files.put(rel, Files.readAllBytes(p));
                }
            }
        }
        return files;
    }

    /**
     * Converts one file. {@code file} is its path relative to the import root (the folder and
     * file names give the id); {@code extra} holds the other files of a {@code SKILL.md} folder.
     */
    public Imported convert(String file, SkillFormat format, String text, Map<String, byte[]> extra) {
        String[] parts = file.split("/");
        String fileName = parts[parts.length - 1];
        String folder = parts.length > 1 ? parts[parts.length - 2] : null;
        FrontMatter fm = FrontMatter.parse(file, text);
        List<SkillProblem> problems = new ArrayList<>(fm.problems());
        Map<String, Object> f = fm.fields();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("source-format", format.label());
        metadata.put("source-path", file);

        String stem = switch (format) {
            case AGENT_SKILL -> folder != null ? folder : SkillParser.text(f, "name", file, fm, problems);
            case CURSORRULES -> folder != null ? folder : "cursorrules";
            default -> stripSuffix(fileName);
        };
        if (stem == null || stem.isBlank()) {
            stem = stripSuffix(fileName); // a SKILL.md at the import root, without a name
        }
        String title = null;
        String description = SkillParser.text(f, "description", file, fm, problems);
        String license = null;
        String compatibility = null;
        List<String> allowedTools = List.of();
        List<String> globs = List.of();
        boolean alwaysOn = false;
        String category;
        switch (format) {
            case AGENT_SKILL -> {
                category = "general";
                license = SkillParser.text(f, "license", file, fm, problems);
                compatibility = SkillParser.text(f, "compatibility", file, fm, problems);
                allowedTools = SkillParser.list(f, "allowed-tools", " ");
                String declared = SkillParser.text(f, "name", file, fm, problems);
                if (declared != null && !declared.equals(stem)) {
                    problems.add(SkillProblem.warning(file, "name", fm.lineOf("name"), "'" + declared
                            + "' differs from the folder name; the folder name is the id"));
                    title = declared;
                }
                if (f.get("metadata") instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> metadata.putIfAbsent(String.valueOf(k), v == null ? "" : SkillParser.asText(v)));
                }
                copyExtraFields(f, Set.of("name", "description", "license", "compatibility", "allowed-tools", "metadata"), metadata);
            }
            case CURSOR_MDC, CURSORRULES -> {
                category = "rules";
                globs = SkillParser.list(f, "globs", ",");
                Object always = f.get("alwaysApply");
                alwaysOn = always != null && String.valueOf(always).strip().equalsIgnoreCase("true");
                copyExtraFields(f, Set.of("description", "globs", "alwaysApply"), metadata);
            }
            default -> {
                category = switch (format) {
                    case COPILOT_INSTRUCTIONS -> "instructions";
                    case COPILOT_PROMPT -> "prompts";
                    default -> "agents";
                };
                globs = SkillParser.list(f, "applyTo", ",");
                allowedTools = SkillParser.list(f, "tools", ",");
                title = SkillParser.text(f, "name", file, fm, problems);
                if (f.containsKey("title")) {
                    title = SkillParser.text(f, "title", file, fm, problems);
                }
                copyExtraFields(f, Set.of("description", "applyTo", "tools", "name", "title"), metadata);
            }
        }
        // The fields LLMos itself keeps in metadata (see SkillMarkdown), so an exported skill imports whole.
        String metaTitle = metadata.getOrDefault("title", "").strip();
        if (title == null && !metaTitle.isEmpty()) {
            title = metaTitle;
        }
        String metaCategory = metadata.getOrDefault("category", "").strip();
        if (!metaCategory.isEmpty()) {
            category = metaCategory;
        }
        if (globs.isEmpty()) {
            globs = SkillParser.splitList(metadata.get("globs"), ",");
        }
        alwaysOn = alwaysOn || "true".equalsIgnoreCase(metadata.getOrDefault("always-apply", "").strip());
        List<String> keywords = SkillParser.splitList(metadata.get("keywords"), ",");
        if (keywords.isEmpty()) {
            keywords = keywords(stem, globs);
        }
        String id = uniqueId(SkillParser.toId(stem), folder);
        if (title == null) {
            title = humanize(stem);
        }
        if (description == null || description.isBlank()) {
            description = SkillText.summary(fm.body(), "Imported from " + file);
            problems.add(SkillProblem.warning(file, "description", fm.lineOf("description"),
                    "missing; derived from the body: \"" + SkillText.clip(description, 80) + "\""));
        }
        if (description.length() > SkillParser.MAX_DESCRIPTION) {
            problems.add(SkillProblem.warning(file, "description", fm.lineOf("description"),
                    "longer than " + SkillParser.MAX_DESCRIPTION + " characters; shortened"));
            description = SkillText.clip(description, SkillParser.MAX_DESCRIPTION);
        }
        if (compatibility != null && compatibility.length() > SkillParser.MAX_COMPATIBILITY) {
            problems.add(SkillProblem.warning(file, "compatibility", fm.lineOf("compatibility"),
                    "longer than " + SkillParser.MAX_COMPATIBILITY + " characters; shortened"));
            compatibility = SkillText.clip(compatibility, SkillParser.MAX_COMPATIBILITY);
        }
        Map<String, byte[]> files = new TreeMap<>();
        extra.forEach((rel, bytes) -> {
            if (VolumePaths.isSafe(rel)) {
                files.put(rel, bytes);
            } else {
                problems.add(SkillProblem.warning(file, "files", 0, "'" + rel + "' has a name volumes do not store; skipped"));
            }
        });
        Skill skill = new Skill(id, title, description.strip(), category, keywords, fm.body(),
                SkillFormat.AGENT_SKILL, alwaysOn, globs, license, compatibility, metadata, allowedTools,
                List.copyOf(files.keySet()), null, "skills/" + id + "/SKILL.md", null);
        return new Imported(skill, format, file, files, List.copyOf(problems));
    }

    private String uniqueId(String base, String folder) {
        String id = base;
        if (usedIds.contains(id) && folder != null) {
            id = SkillParser.toId(folder + "-" + base);
        }
        String candidate = id;
        for (int n = 2; usedIds.contains(candidate); n++) {
            String suffix = "-" + n;
            candidate = (id.length() + suffix.length() > SkillParser.MAX_ID
                    ? id.substring(0, SkillParser.MAX_ID - suffix.length()).replaceAll("-+$", "") : id) + suffix;
        }
        usedIds.add(candidate);
        return candidate;
    }

    private static void copyExtraFields(Map<String, Object> fields, Set<String> known, Map<String, String> metadata) {
        fields.forEach((k, v) -> {
            if (!known.contains(k) && v != null) {
                metadata.putIfAbsent(k, SkillParser.asText(v));
            }
        });
    }

    private static String stripSuffix(String fileName) {
        for (String suffix : List.of(".instructions.md", ".prompt.md", ".agent.md", ".chatmode.md", ".mdc", ".md")) {
            if (fileName.endsWith(suffix)) {
                return fileName.substring(0, fileName.length() - suffix.length());
            }
        }
        return fileName;
    }

    static String humanize(String stem) {
        StringBuilder out = new StringBuilder();
        for (String word : stem.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return out.length() == 0 ? stem : out.toString();
    }

    private static List<String> keywords(String stem, List<String> globs) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (String word : stem.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (word.length() >= 2 && !STOPWORDS.contains(word) && !word.matches("\\d+")) {
                out.add(word);
            }
        }
        for (String glob : globs) {
            int brace = glob.lastIndexOf('{');
            boolean braced = brace > 0 && glob.charAt(brace - 1) == '.' && glob.endsWith("}"); // **/*.{ts,tsx}
            List<String> tails = braced ? List.of(glob.substring(brace + 1, glob.length() - 1).split(",")) : List.of(glob);
            for (String tail : tails) {
                int dot = tail.lastIndexOf('.');
                String ext = braced || dot >= 0 ? tail.substring(dot + 1) : "";
                ext = ext.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
                if (!ext.isEmpty()) {
                    out.add(ext);
                }
            }
        }
        return out.stream().limit(12).toList();
    }
}
