package dev.llmos.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.llmos.access.AccessPolicy;
import dev.llmos.access.Principal;
import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillFormat;
import dev.llmos.skill.SkillImporter;
import dev.llmos.skill.SkillService;
import dev.llmos.skill.SkillTooLargeException;
import dev.llmos.volume.Author;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.InvalidNameException;
import dev.llmos.volume.VolumeId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code POST /skills/import}: files from other tools (a {@code SKILL.md} folder, Cursor rules,
 * Copilot instructions and prompts), sent as JSON, converted by {@link SkillImporter} and committed
 * to the caller's volume in one commit. The web UI unpacks a zip in the browser into this body.
 */
@RestController
@Tag(name = "Skills", description = "Skills in the caller's volumes: user over team over system")
class SkillImportController {

    /** At most this many files in one import. */
    static final int MAX_FILES = 200;
    private static final int MAX_PATH = 1024;

    @Schema(description = "Files to import: `path` relative to the import root (folder names give ids), `content` as text or base64")
    record ImportRequest(String userId, String teamId,
                         @Schema(description = "user (default), team, or a full volume path") String volume,
                         List<ImportFile> files) {
    }

    record ImportFile(String path, String content, @Schema(description = "utf-8 (default) or base64") String encoding) {
    }

    record ImportedSkill(String id, String name, String description, String sourceFormat, String sourcePath,
                         List<String> files, List<String> warnings) {
    }

    record ImportResult(String volume, CommitInfo commit, int total, List<ImportedSkill> skills, List<String> ignored,
                        List<String> failures) {
    }

    private final SkillCatalog catalog;
    private final SkillService skills;
    private final CallerResolver callers;
    private final AccessPolicy access;
    private final int maxSkillBytes;

    SkillImportController(SkillCatalog catalog, SkillService skills, CallerResolver callers, AccessPolicy access,
                          @Value("${llmos.max-skill-bytes}") int maxSkillBytes) {
        this.catalog = catalog;
        this.skills = skills;
        this.callers = callers;
        this.access = access;
        this.maxSkillBytes = maxSkillBytes;
    }

    @PostMapping("/skills/import")
    @Operation(summary = "Import skills from other tools",
            description = "SKILL.md folders, Cursor .mdc and .cursorrules, Copilot *.instructions.md, *.prompt.md, *.agent.md, "
                    + "*.chatmode.md: each becomes an Agent Skill in the caller's volume (or `volume: team`), all in one commit. "
                    + "Ids already in that volume are kept: an imported skill with the same id gets a suffix.")
    ResponseEntity<ImportResult> importSkills(@RequestBody ImportRequest request) {
        Principal who = callers.resolve(request.userId(), request.teamId());
        VolumeId target = callers.target(who, request.volume());
        access.requireWrite(who, target);

        Map<String, byte[]> files = decode(request.files());
        Set<String> folders = new HashSet<>();
        for (String path : files.keySet()) {
            if (path.equals("SKILL.md") || path.endsWith("/SKILL.md")) {
                folders.add(parent(path));
            }
        }
        Set<String> existing = catalog.in(target).skills().stream().map(Skill::id).collect(Collectors.toSet());
        SkillImporter importer = new SkillImporter(existing);
        List<SkillImporter.Imported> imported = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String path = file.getKey();
            SkillFormat format = SkillFormat.forFileName(name(path));
            if (format == null || (format != SkillFormat.AGENT_SKILL && insideFolder(path, folders))) {
                if (!insideFolder(path, folders)) {
                    ignored.add(path); // neither a skill file nor part of a SKILL.md folder
                }
                continue;
            }
            try {
                Map<String, byte[]> extra = format == SkillFormat.AGENT_SKILL ? folderFiles(parent(path), files) : Map.of();
                imported.add(importer.convert(path, format, new String(file.getValue(), StandardCharsets.UTF_8), extra));
            } catch (RuntimeException e) {
                failures.add(path + ": cannot convert (" + e.getMessage() + ")");
            }
        }
        if (imported.isEmpty()) {
            throw new InvalidNameException("files", "no skill files among them: send a SKILL.md (with its folder), a Cursor .mdc or "
                    + ".cursorrules, or a Copilot *.instructions.md, *.prompt.md, *.agent.md or *.chatmode.md"
                    + (failures.isEmpty() ? "" : "; " + String.join("; ", failures)));
        }
        CommitInfo commit = skills.importAll(target, imported, Author.user(who.userId()), "the web UI");
        List<ImportedSkill> out = imported.stream().map(i -> new ImportedSkill(i.skill().id(), i.skill().name(),
                i.skill().description(), i.source().label(), i.sourcePath(), List.copyOf(i.files().keySet()),
                i.problems().stream().map(Object::toString).toList())).toList();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new ImportResult(target.path(), commit, out.size(), out, ignored, failures));
    }

    /** Paths checked and contents decoded; anything wrong is a 400 (or 413 for size) before a byte is written. */
    private Map<String, byte[]> decode(List<ImportFile> in) {
        if (in == null || in.isEmpty()) {
            throw new InvalidNameException("files", "is required: at least one {path, content}");
        }
        if (in.size() > MAX_FILES) {
            throw new InvalidNameException("files", "has " + in.size() + " files; at most " + MAX_FILES + " in one import");
        }
        Map<String, byte[]> out = new TreeMap<>();
        for (ImportFile f : in) {
            if (f == null) {
                throw new InvalidNameException("files", "must not hold null");
            }
            String path = checkPath(f.path());
            if (f.content() == null) {
                throw new InvalidNameException("content", "is missing for " + path);
            }
            String encoding = f.encoding() == null || f.encoding().isBlank() ? "utf-8" : f.encoding().strip().toLowerCase(java.util.Locale.ROOT);
            byte[] bytes = switch (encoding) {
                case "utf-8", "utf8" -> f.content().getBytes(StandardCharsets.UTF_8);
                case "base64" -> {
                    try {
                        yield Base64.getDecoder().decode(f.content().replaceAll("\\s", ""));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidNameException("content", path + " is not valid base64");
                    }
                }
                default -> throw new InvalidNameException("encoding", "'" + VolumeId.printable(encoding)
                        + "' is not an encoding; use utf-8 or base64");
            };
            if (bytes.length > maxSkillBytes) {
                throw new SkillTooLargeException(bytes.length, maxSkillBytes);
            }
            if (out.put(path, bytes) != null) {
                throw new InvalidNameException("path", "'" + VolumeId.printable(path) + "' is sent twice");
            }
        }
        return out;
    }

    /** A relative path with {@code /} separators: no absolute path, no {@code ..} or {@code .}, no empty segment. */
    static String checkPath(String path) {
        if (path == null || path.isBlank()) {
            throw new InvalidNameException("path", "must not be empty");
        }
        if (path.length() > MAX_PATH) {
            throw new InvalidNameException("path", "is longer than " + MAX_PATH + " characters");
        }
        String shown = "'" + VolumeId.printable(path) + "'";
        if (path.startsWith("/") || path.contains("\\") || path.matches("^[A-Za-z]:.*")) {
            throw new InvalidNameException("path", shown + " must be relative, with / between folders");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidNameException("path", shown + " must not have empty, '.' or '..' segments");
            }
            if (segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new InvalidNameException("path", shown + " must not hold control characters");
            }
        }
        return path;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Inside (below) one of the SKILL.md folders; a folder of "" is the import root. */
    private static boolean insideFolder(String path, Set<String> folders) {
        for (String p = parent(path); ; p = parent(p)) {
            if (folders.contains(p)) {
                return true;
            }
            if (p.isEmpty()) {
                return false;
            }
        }
    }

    /** The other files of a SKILL.md folder, relative to it. */
    private static Map<String, byte[]> folderFiles(String folder, Map<String, byte[]> files) {
        String prefix = folder.isEmpty() ? "" : folder + "/";
        Map<String, byte[]> out = new LinkedHashMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith(prefix) && !path.equals(prefix + "SKILL.md")) {
                out.put(path.substring(prefix.length()), bytes);
            }
        });
        return out;
    }
}
