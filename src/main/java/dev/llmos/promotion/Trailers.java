package dev.llmos.promotion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.Volume;

/**
 * The commit messages a promotion leaves in its target, and finding them again. Trailers are
 * read only from the message's last paragraph (as {@code git interpret-trailers} does), which
 * LLMos always writes itself: a reason that contains {@code Promotion: ...} lines cannot forge one.
 */
final class Trailers {

    static final String PROMOTION = "Promotion";
    static final String PROMOTED_FROM = "Promoted-From";
    static final String APPROVED_BY = "Approved-By";
    static final String REVERTS = "Reverts-Promotion";
    static final String REVERTED_BY = "Reverted-By";

    /** How far back in a skill's (or agent's) history to look for a merge that was not recorded (a crash). */
    private static final int SEARCH_DEPTH = 500;

    private Trailers() {
    }

    static String merge(Promotion p, String approver) {
        return "Promote " + p.files().label() + " from " + p.source() + "\n\n" + p.reason() + "\n\n"
                + PROMOTION + ": " + p.id() + "\n"
                + PROMOTED_FROM + ": " + p.source() + "@" + p.sourceCommit() + "\n"
                + APPROVED_BY + ": " + approver + "\n";
    }

    static String revert(Promotion p, String reviewer, String reason) {
        return "Revert promotion of " + p.files().label() + " from " + p.source() + "\n\n" + reason + "\n\n"
                + REVERTS + ": " + p.id() + "\n"
                + "Reverted-Commit: " + p.mergeCommit() + "\n"
                + REVERTED_BY + ": " + reviewer + "\n";
    }

    /** The trailers of a commit message: {@code Key: value} lines of its last paragraph. */
    static Map<String, String> parse(String message) {
        String text = message.strip();
        int cut = text.lastIndexOf("\n\n");
        if (cut < 0) {
            return Map.of(); // a subject line alone has no trailers
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.substring(cut + 2).split("\n")) {
            int colon = line.indexOf(": ");
            if (colon <= 0 || !line.substring(0, colon).matches("[A-Za-z][A-Za-z0-9-]*")) {
                return Map.of(); // not a trailer block
            }
            out.putIfAbsent(line.substring(0, colon), line.substring(colon + 2).strip());
        }
        return out;
    }

    /**
     * The newest commit touching the set's files whose trailer {@code key} is {@code id}. Only
     * its paths are searched, which keeps this cheap in a busy volume.
     */
    static Optional<CommitInfo> find(Volume target, FileSet files, String key, String id) {
        List<CommitInfo> candidates = new ArrayList<>();
        for (String path : files.historyPaths()) {
            candidates.addAll(target.history(path, 0, SEARCH_DEPTH));
        }
        return candidates.stream().filter(c -> id.equals(parse(c.message()).get(key))).findFirst();
    }
}
