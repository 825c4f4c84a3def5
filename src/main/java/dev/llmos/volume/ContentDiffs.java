package dev.llmos.volume;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;


/**
 * Unified diffs from content rather than from commits: for versions that live in different
 * repositories (a promotion's proposal and the target's copy) or not in git yet (a draft).
 */
public final class ContentDiffs {

    private static final DiffAlgorithm ALGORITHM = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM);

    private ContentDiffs() {
    }

    /** One entry per path whose content differs, sorted by path. */
    public static List<FileDiff> between(Map<String, byte[]> before, Map<String, byte[]> after) {
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        List<FileDiff> out = new ArrayList<>();
        for (String path : paths) {
            byte[] a = before.get(path);
            byte[] b = after.get(path);
            if (a != null && b != null && Arrays.equals(a, b)) {
                continue;
            }
            String change = a == null ? "add" : b == null ? "delete" : "modify";
            out.add(new FileDiff(change, a == null ? null : path, b == null ? null : path, patch(path, a, b)));
        }
        return out;
    }

    /** The unified diff of one file from {@code a} to {@code b}; null for a missing side. */
    public static String patch(String path, byte[] a, byte[] b) {
        StringBuilder header = new StringBuilder("diff --git a/" + path + " b/" + path + "\n");
        header.append(a == null ? "new file\n" : b == null ? "deleted file\n" : "");
        byte[] left = a == null ? new byte[0] : a;
        byte[] right = b == null ? new byte[0] : b;
        if (RawText.isBinary(left) || RawText.isBinary(right)) {
            return header + "Binary files differ\n";
        }
        header.append(a == null ? "--- /dev/null\n" : "--- a/" + path + "\n");
        header.append(b == null ? "+++ /dev/null\n" : "+++ b/" + path + "\n");
        RawText x = new RawText(left);
        RawText y = new RawText(right);
        EditList edits = ALGORITHM.diff(RawTextComparator.DEFAULT, x, y);
        ByteArrayOutputStream hunks = new ByteArrayOutputStream();
        try (DiffFormatter formatter = new DiffFormatter(hunks)) {
            formatter.format(edits, x, y);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return header + hunks.toString(StandardCharsets.UTF_8);
    }
}
