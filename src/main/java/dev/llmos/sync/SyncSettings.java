package dev.llmos.sync;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * How volumes reach the git server. {@code remotePattern} is a URL with {@code {volume}} in it;
 * empty means sync is off. The token is sent as the password of HTTP basic authentication (what
 * Gitea, GitLab and GitHub accept for access tokens) and is never logged or shown.
 */
public record SyncSettings(String remotePattern, String user, String token, Duration pullInterval,
                           Duration pushDelay, Duration maxBackoff, String webhookSecret) {

    private static final Set<String> SCHEMES = Set.of("http", "https", "git", "file");

    public SyncSettings {
        remotePattern = remotePattern == null ? "" : remotePattern.strip();
        user = user == null || user.isBlank() ? "llmos" : user.strip();
        token = token == null ? "" : token.strip();
        webhookSecret = webhookSecret == null ? "" : webhookSecret.strip();
        if (!remotePattern.isEmpty()) {
            if (!remotePattern.contains("{volume}")) {
                throw new IllegalArgumentException("LLMOS_GIT_REMOTE must contain {volume}, e.g. "
                        + "https://git.example.com/llmos/{volume}.git");
            }
            String scheme = scheme(remotePattern);
            if (!SCHEMES.contains(scheme)) {
                throw new IllegalArgumentException("LLMOS_GIT_REMOTE: " + (scheme.equals("ssh") || remotePattern.contains("@")
                        && !remotePattern.contains("://") ? "SSH remotes are not supported yet; use https:// with LLMOS_GIT_TOKEN"
                        : "use an http://, https://, git:// or file:// URL") + " (was " + RemoteNames.mask(remotePattern) + ")");
            }
        }
        if (pullInterval == null || pullInterval.isNegative() || pullInterval.isZero()) {
            pullInterval = Duration.ofSeconds(60);
        }
        if (pushDelay == null || pushDelay.isNegative()) {
            pushDelay = Duration.ofSeconds(1);
        }
        if (maxBackoff == null || maxBackoff.compareTo(Duration.ofSeconds(1)) < 0) {
            maxBackoff = Duration.ofMinutes(5);
        }
    }

    public static SyncSettings off() {
        return new SyncSettings("", null, null, null, null, null, null);
    }

    public boolean enabled() {
        return !remotePattern.isEmpty();
    }

    /** The URL of one volume's repository on the server. */
    String url(dev.llmos.volume.VolumeId volume) {
        return remotePattern.replace("{volume}", RemoteNames.name(volume));
    }

    @Override
    public String toString() { // records print every field; this one must never print the token or secret
        return "SyncSettings[remote=" + RemoteNames.mask(remotePattern) + ", user=" + user + ", token="
                + (token.isEmpty() ? "none" : "***") + ", pullInterval=" + pullInterval + ", pushDelay=" + pushDelay
                + ", maxBackoff=" + maxBackoff + ", webhookSecret=" + (webhookSecret.isEmpty() ? "none" : "***") + "]";
    }

    private static String scheme(String pattern) {
        try {
            String s = new URI(pattern.replace("{volume}", "v")).getScheme();
            return s == null ? "" : s.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return "";
        }
    }
}
