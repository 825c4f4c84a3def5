package dev.llmos.trace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.llmos.volume.Author;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * A person's conversations as a chat screen lists them: chats, agent runs (one entry per run, not
 * per agent) and calls through the compatibility endpoints, each with a title, newest first;
 * search; rename and delete. Titles and deletions are {@link ConversationRecord}s in the person's
 * volume, so the traces themselves are never rewritten: deleting hides a conversation from these
 * lists, while its traces stay in the volume (and its history), as every trace does.
 */
public final class ConversationList {

    public static final String CHAT = "chat";
    public static final String AGENT = "agent";
    public static final String API = "api";
    public static final int MAX_TITLE = 200;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int SNIPPET = 60;

    /**
     * One conversation in a list.
     *
     * @param conversationId for an agent run, the run's id
     * @param kind           {@code chat}, {@code agent} (a run) or {@code api} (a compatibility call)
     * @param title          the person's own title, else the first question's first line
     * @param renamed        whether {@code title} is the person's own
     * @param turns          turns of the current thread (agents, for a run)
     * @param match          for a search: a piece of the text that matched, else null
     */
    public record Summary(String conversationId, String kind, String title, boolean renamed, Instant started,
                          Instant updated, int turns, String model, String runId, String agent, String match) {
    }

    private final VolumeStore store;
    private final TraceReader reader;

    public ConversationList(VolumeStore store, TraceReader reader) {
        this.store = store;
        this.reader = reader;
    }

    /**
     * The user's conversations of {@code kind} ({@code null} or {@code all}: every kind), newest
     * activity first, at most {@code limit}; with {@code query}, only those whose title, questions or
     * answers contain it (any case).
     */
    public List<Summary> list(String userId, String kind, String query, int limit) {
        if (kind != null && !kind.equals("all") && !List.of(CHAT, AGENT, API).contains(kind)) {
            throw new InvalidTraceRequestException("kind", "must be chat, agent, api or all");
        }
        Pattern q = query == null || query.isBlank() ? null
                : Pattern.compile(Pattern.quote(query.strip()), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        TraceReader.Everything all = reader.everything(userId);
        List<Summary> out = new ArrayList<>();
        for (List<Trace> traces : grouped(all.traces()).values()) {
            Summary s = summary(traces, all.conversations(), q);
            if (s != null && (kind == null || kind.equals("all") || kind.equals(s.kind()))) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(Summary::updated).thenComparing(Summary::conversationId).reversed());
        return out.subList(0, Math.min(limit, out.size()));
    }

    /** One of the user's conversations, as {@link #list} shows it. */
    public Summary get(String userId, String conversationId) {
        requireValid(conversationId);
        TraceReader.Everything all = reader.everything(userId);
        List<Trace> traces = grouped(all.traces()).get(conversationId);
        Summary s = traces == null ? null : summary(traces, all.conversations(), null);
        if (s == null) {
            throw new ConversationNotFoundException(conversationId);
        }
        return s;
    }

    /** A turn of the current thread with its feedback, and the versions it replaced (oldest first) with theirs. */
    public record Turn(TraceReader.TraceView turn, List<TraceReader.TraceView> earlier) {
    }

    /** One conversation with its current thread (for an agent run: every agent's trace, in order). */
    public record Detail(Summary conversation, List<Turn> turns) {
    }

    /**
     * One conversation by its id as listed; also by the id of one agent's own conversation inside a run
     * (each agent's trace is one, which is what a run tree's "trace" links open): that trace alone.
     */
    public Detail open(String userId, String conversationId) {
        requireValid(conversationId);
        TraceReader.Everything all = reader.everything(userId);
        List<Trace> traces = grouped(all.traces()).get(conversationId);
        if (traces == null) {
            List<Trace> own = all.traces().stream().filter(t -> conversationId.equals(t.conversationId())).toList();
            traces = own.isEmpty() ? null : own;
        }
        Summary s = traces == null ? null : summary(traces, all.conversations(), null);
        if (s == null) {
            throw new ConversationNotFoundException(conversationId);
        }
        List<ConversationThread.Turn> thread = s.runId() != null
                ? sortedByTime(traces).stream().map(t -> new ConversationThread.Turn(t, List.of())).toList()
                : ConversationThread.of(traces.stream().filter(Trace::opensTask).toList());
        List<Turn> turns = thread.stream().map(t -> new Turn(view(t.trace(), all),
                t.earlier().stream().map(e -> view(e, all)).toList())).toList();
        return new Detail(s, turns);
    }

    private static TraceReader.TraceView view(Trace t, TraceReader.Everything all) {
        return new TraceReader.TraceView(t, all.feedback().get(t.id()));
    }

    /** Gives the conversation a title of the user's own; a blank one is refused (400). */
    public Summary rename(String userId, String conversationId, String title) {
        String clean = title == null ? "" : title.strip();
        if (clean.isEmpty()) {
            throw new InvalidTraceRequestException("title", "must not be empty");
        }
        if (clean.length() > MAX_TITLE) {
            throw new InvalidTraceRequestException("title", "is longer than " + MAX_TITLE + " characters");
        }
        if (clean.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidTraceRequestException("title", "must be one line, without control characters");
        }
        get(userId, conversationId); // 404 unless it is the user's and not deleted
        write(userId, new ConversationRecord(conversationId, clean, false, Instant.now()), "Rename conversation " + conversationId);
        return get(userId, conversationId);
    }

    /** Hides the conversation from the user's lists; its traces stay. */
    public CommitInfo delete(String userId, String conversationId) {
        Summary s = get(userId, conversationId);
        return write(userId, new ConversationRecord(conversationId, s.renamed() ? s.title() : null, true, Instant.now()),
                "Delete conversation " + conversationId);
    }

    private CommitInfo write(String userId, ConversationRecord record, String message) {
        CommitInfo commit = store.open(VolumeId.user(userId)).commit(Author.user(userId), message,
                List.of(new FileChange.Put(ConversationRecord.path(record.conversationId()),
                        TraceJson.MAPPER.writeValueAsBytes(record))));
        reader.remember(userId, record);
        return commit;
    }

    public static String requireValid(String conversationId) {
        if (conversationId == null || !ID.matcher(conversationId).matches()) {
            throw new InvalidTraceRequestException("conversation_id", "must be 1-64 letters, digits, '_' or '-'");
        }
        return conversationId;
    }

    /** Traces by the entry they belong to: an agent run's all under the run id, others by conversation. */
    private static Map<String, List<Trace>> grouped(List<Trace> traces) {
        Map<String, List<Trace>> out = new LinkedHashMap<>();
        for (Trace t : traces) {
            String key = t.runId() != null ? t.runId() : t.conversationId();
            if (key != null) {
                out.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
            }
        }
        return out;
    }

    private static Summary summary(List<Trace> all, Map<String, ConversationRecord> records, Pattern query) {
        // A client's turn is one turn however many model calls its tool loop made: its later calls are left out.
        List<Trace> traces = all.stream().filter(Trace::opensTask).toList();
        if (traces.isEmpty()) {
            return null;
        }
        Trace any = traces.get(0);
        boolean run = any.runId() != null;
        String id = run ? any.runId() : any.conversationId();
        List<Trace> thread = run ? sortedByTime(traces) : ConversationThread.current(traces);
        Trace first = run ? thread.stream().filter(t -> t.parentTraceId() == null).findFirst().orElse(thread.get(0)) : thread.get(0);
        Trace last = thread.get(thread.size() - 1);
        Instant updated = all.stream().map(Trace::time).max(Comparator.naturalOrder()).orElse(last.time());
        ConversationRecord record = records.get(id);
        if (record != null && record.deleted() && !updated.isAfter(record.time())) {
            return null;
        }
        boolean renamed = record != null && record.title() != null;
        String title = renamed ? record.title() : firstLine(run ? first.agent() + ": " + first.request() : first.request());
        String match = null;
        if (query != null) {
            match = find(title, query);
            for (int i = 0; match == null && i < thread.size(); i++) {
                match = find(thread.get(i).request(), query);
                if (match == null) {
                    match = find(thread.get(i).response(), query);
                }
            }
            if (match == null) {
                return null;
            }
        }
        String kind = run ? AGENT : any.turn() != null || isCompat(any.source()) ? API : CHAT;
        return new Summary(id, kind, title, renamed, first.time(), updated, thread.size(), last.model(),
                run ? any.runId() : null, run ? first.agent() : null, match);
    }

    private static List<Trace> sortedByTime(List<Trace> traces) {
        List<Trace> out = new ArrayList<>(traces);
        out.sort(Comparator.comparing(Trace::time).thenComparing(Trace::id));
        return out;
    }

    /** A compatibility call written before calls carried their turn. */
    private static boolean isCompat(String source) {
        return "anthropic-messages".equals(source) || "openai-chat".equals(source) || "openai-responses".equals(source);
    }

    private static String firstLine(String text) {
        String t = text == null ? "" : text.strip();
        int nl = t.indexOf('\n');
        String line = (nl < 0 ? t : t.substring(0, nl)).strip();
        return line.length() <= MAX_TITLE ? line : line.substring(0, MAX_TITLE - 1) + "…";
    }

    /** A piece of {@code text} around the first place {@code query} matches it, or null. */
    private static String find(String text, Pattern query) {
        if (text == null) {
            return null;
        }
        java.util.regex.Matcher m = query.matcher(text);
        if (!m.find()) {
            return null;
        }
        int from = Math.max(0, m.start() - SNIPPET / 2);
        int to = Math.min(text.length(), m.end() + SNIPPET / 2);
        return (from > 0 ? "…" : "") + text.substring(from, to).replaceAll("\\s+", " ").strip() + (to < text.length() ? "…" : "");
    }
}
