package dev.llmos.compat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.llmos.access.Principal;
import dev.llmos.skill.SkillPackage;
import dev.llmos.skill.SkillParser;
import dev.llmos.skill.SkillTools;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * The MCP skills extension ({@code io.modelcontextprotocol/skills}, SEP-2640) over what the caller may
 * be given ({@link SkillTools}: user over team over system by id, never a draft): {@code skills/list}
 * (paged by id), {@code skills/get}, and every file of every skill folder as a resource
 * {@code skill://{id}/{path}}, {@code SKILL.md} included. Each entry carries the served
 * {@code SKILL.md}'s front matter and every file's SHA-256 and size ({@link SkillPackage}, which
 * also renders a {@code SKILL.md} for seed-format skills). The older {@code skill://{id}} still reads
 * a skill's instructions, unlisted.
 */
final class McpSkillsExtension {

    static final String KEY = "io.modelcontextprotocol/skills";
    static final String LIST = "skills/list";
    static final String GET = "skills/get";
    /** Skills per page of {@code skills/list} and {@code resources/list} (a skill's files never span two pages). */
    static final int PAGE_SIZE = 50;
    /** How long a client may treat an entry as current: skills change with every commit to a volume. */
    static final long TTL_MS = 60_000;
    private static final String SCHEME = "skill://";

    private final SkillTools tools;

    McpSkillsExtension(SkillTools tools) {
        this.tools = tools;
    }

    /** {@code skills/list}: one page of entries, then {@code nextCursor} while more follow. */
    Map<String, Object> list(Principal who, Object params) {
        SkillTools.Page page = tools.packages(who.userId(), who.teamId(), after(param(params, "cursor")), PAGE_SIZE);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("skills", page.skills().stream().map(McpSkillsExtension::entry).toList());
        cursor(page).ifPresent(c -> result.put("nextCursor", c));
        return cacheable(result);
    }

    /** {@code skills/get}: the entry of the skill whose {@code SKILL.md} the URI names. */
    Map<String, Object> get(Principal who, Object params) {
        String uri = param(params, "uri");
        Address at = address(uri).filter(a -> SkillPackage.MAIN.equals(a.path()))
                .orElseThrow(() -> new IllegalArgumentException("'" + uri + "' is not a skill's URI; skills are "
                        + SCHEME + "{id}/SKILL.md (see skills/list)"));
        SkillPackage skill = tools.packageOf(who.userId(), who.teamId(), at.id())
                .orElseThrow(() -> new IllegalArgumentException("No skill is served at " + uri));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("skill", entry(skill));
        return cacheable(result);
    }

    /** {@code resources/list}: every file of the skills on one page, {@code SKILL.md} first. */
    McpSchema.ListResourcesResult resources(Principal who, Object params) {
        SkillTools.Page page = tools.packages(who.userId(), who.teamId(), after(param(params, "cursor")), PAGE_SIZE);
        List<McpSchema.Resource> out = new ArrayList<>();
        for (SkillPackage p : page.skills()) {
            for (SkillPackage.FileEntry f : p.files()) {
                boolean main = SkillPackage.MAIN.equals(f.path());
                out.add(new McpSchema.Resource.Builder().uri(uri(p.skill().id(), f.path()))
                        .name(main ? p.skill().id() : f.path()).title(main ? p.skill().name() : null)
                        .description(main ? String.valueOf(p.frontmatter().get("description")) : null)
                        .mimeType(mimeType(f.path(), f.text())).size(f.size()).build());
            }
        }
        return new McpSchema.ListResourcesResult(out, cursor(page).orElse(null));
    }

    /** {@code resources/read}: one file of a skill folder, as text when it is UTF-8, else as base64. */
    McpSchema.ReadResourceResult read(Principal who, Object params) {
        String uri = param(params, "uri");
        Address at = address(uri).orElseThrow(() -> new IllegalArgumentException(
                "unknown resource '" + uri + "'; skill files are " + SCHEME + "{id}/SKILL.md and " + SCHEME + "{id}/{path}"));
        if (at.path() == null) {
            SkillTools.Answer answer = tools.load(who.userId(), who.teamId(), at.id(), null);
            if (answer.error()) {
                throw new IllegalArgumentException(answer.text());
            }
            return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, "text/markdown", answer.text())));
        }
        byte[] bytes = tools.packageFile(who.userId(), who.teamId(), at.id(), at.path())
                .orElseThrow(() -> new IllegalArgumentException("No skill file is served at " + uri));
        String canonical = uri(at.id(), at.path());
        Optional<String> text = SkillPackage.text(bytes);
        String mimeType = mimeType(at.path(), text.isPresent());
        McpSchema.ResourceContents contents = text.isPresent()
                ? new McpSchema.TextResourceContents(canonical, mimeType, text.get())
                : new McpSchema.BlobResourceContents(canonical, mimeType, Base64.getEncoder().encodeToString(bytes));
        return new McpSchema.ReadResourceResult(List.of(contents));
    }

    private static Map<String, Object> entry(SkillPackage p) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("uri", uri(p.skill().id(), SkillPackage.MAIN));
        entry.put("frontmatter", p.frontmatter());
        entry.put("resources", p.files().stream().map(f -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("uri", uri(p.skill().id(), f.path()));
            r.put("digest", f.digest());
            r.put("size", f.size());
            return r;
        }).toList());
        return entry;
    }

    /** The caching hints the extension requires; each caller's view is their own. */
    private static Map<String, Object> cacheable(Map<String, Object> result) {
        result.put("ttlMs", TTL_MS);
        result.put("cacheScope", "private");
        return result;
    }

    private static Optional<String> cursor(SkillTools.Page page) {
        if (!page.more() || page.skills().isEmpty()) {
            return Optional.empty();
        }
        String last = page.skills().get(page.skills().size() - 1).skill().id();
        return Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
    }

    /** The id a cursor continues after (null for the first page); a cursor LLMos did not give is invalid params. */
    private static String after(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (SkillParser.isValidId(id)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid cursor '" + cursor + "': pass back a nextCursor as it was given");
    }

    private static String param(Object params, String name) {
        Object v = params instanceof Map<?, ?> m ? m.get(name) : null;
        return v == null ? null : String.valueOf(v);
    }

    /** A skill file's place: the skill id and the path inside its folder (null for the short form {@code skill://{id}}). */
    private record Address(String id, String path) {
    }

    private static Optional<Address> address(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            return Optional.empty();
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        if (!SkillParser.isValidId(id)) {
            return Optional.empty();
        }
        if (slash < 0) {
            return Optional.of(new Address(id, null));
        }
        return decode(rest.substring(slash + 1)).filter(p -> !p.isEmpty()).map(p -> new Address(id, p));
    }

    private static String uri(String id, String path) {
        StringBuilder out = new StringBuilder(SCHEME).append(id);
        for (String segment : path.split("/", -1)) {
            out.append('/');
            for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@".indexOf(c) >= 0)) {
                    out.append(c);
                } else {
                    out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
                }
            }
        }
        return out.toString();
    }

    /** Percent-decodes a URI path (never {@code +} as a space, unlike form decoding); empty when malformed. */
    private static Optional<String> decode(String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0 || Character.digit(path.charAt(i + 2), 16) < 0) {
                    return Optional.empty();
                }
                out.write(Character.digit(path.charAt(i + 1), 16) * 16 + Character.digit(path.charAt(i + 2), 16));
                i += 2;
            } else {
                int cp = path.codePointAt(i);
                out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        return SkillPackage.text(out.toByteArray());
    }

    /** The MIME type of a skill file, by its extension; text or binary when the extension says nothing. */
    private static String mimeType(String path, boolean text) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        return switch (ext) {
            case "md", "markdown" -> "text/markdown";
            case "txt" -> "text/plain";
            case "py" -> "text/x-python";
            case "sh", "bash" -> "application/x-sh";
            case "js", "mjs", "cjs" -> "text/javascript";
            case "ts" -> "text/x-typescript";
            case "json" -> "application/json";
            case "yaml", "yml" -> "application/yaml";
            case "html", "htm" -> "text/html";
            case "css" -> "text/css";
            case "csv" -> "text/csv";
            case "xml" -> "application/xml";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "pdf" -> "application/pdf";
            default -> text ? "text/plain" : "application/octet-stream";
        };
    }
}
