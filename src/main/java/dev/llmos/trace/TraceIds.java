package dev.llmos.trace;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

import dev.llmos.volume.VolumeId;

/**
 * Trace ids look like the seed's ({@code trace_20250101_120000}) plus a random suffix so they
 * are unique; the date in the id is the date folder, so an id alone locates its file.
 */
final class TraceIds {

    private static final Pattern ID = Pattern.compile("trace_(\\d{4})(\\d{2})(\\d{2})_\\d{6}_[0-9a-f]{8}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
    private final SecureRandom random = new SecureRandom();

    String next(Instant time) {
        byte[] bytes = new byte[4];
        random.nextBytes(bytes);
        return "trace_" + STAMP.format(time) + "_" + HexFormat.of().formatHex(bytes);
    }

    static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** {@code traces/YYYY/MM/DD/{id}} without extension; the id must be valid. */
    static String basePath(String id) {
        var m = ID.matcher(id);
        if (!m.matches()) {
            throw new InvalidTraceRequestException("trace_id", "'" + VolumeId.printable(id)
                    + "' is not a trace id (trace_YYYYMMDD_HHMMSS_xxxxxxxx)");
        }
        return "traces/" + m.group(1) + "/" + m.group(2) + "/" + m.group(3) + "/" + id;
    }
}
