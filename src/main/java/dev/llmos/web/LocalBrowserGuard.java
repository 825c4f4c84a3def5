package dev.llmos.web;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.llmos.access.AuthMode;
import dev.llmos.access.Callers;
import dev.llmos.volume.VolumeId;

/**
 * Local mode trusts every caller, so it must not be reachable from a web page of another site
 * (docs/security.md, "Local mode and the browser"):
 * <ul>
 * <li>{@code Host} must name this machine (127.0.0.0/8, {@code localhost}, {@code [::1]}, any port) or
 * one of {@code LLMOS_ALLOWED_HOSTS}: a page on {@code evil.example} whose DNS answer was rebound to
 * 127.0.0.1 still sends {@code Host: evil.example}.</li>
 * <li>A state-changing request (anything but GET, HEAD, OPTIONS) that carries {@code Origin} must come
 * from this same origin (or an allowed host), and one that carries {@code Sec-Fetch-Site} must be
 * {@code same-origin} (or {@code none}): browsers send both, and a cross-site form or fetch cannot
 * forge them. curl, Claude Code and the SDKs send neither, and are served.</li>
 * </ul>
 * Token mode needs none of this: a token is never sent by the browser on its own.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 60)
class LocalBrowserGuard extends OncePerRequestFilter {

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final boolean on;
    private final Set<String> allowedHosts;

    LocalBrowserGuard(Callers callers, @Value("${llmos.allowed-hosts:}") String allowedHosts) {
        this.on = callers.mode() == AuthMode.LOCAL;
        this.allowedHosts = Arrays.stream(allowedHosts.split(",")).map(h -> h.strip().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !on;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = request.getHeader("Host");
        if (host != null && !isAllowedHost(hostName(host))) {
            refuse(request, response, "this server is in local mode and answers only to Host 127.0.0.1, localhost or [::1]"
                    + " (or a name in LLMOS_ALLOWED_HOSTS), not '" + VolumeId.printable(host) + "': a web page of another site must not"
                    + " reach it");
            return;
        }
        if (!SAFE_METHODS.contains(request.getMethod())) {
            String origin = request.getHeader("Origin");
            if (origin != null && !isSameOrAllowedOrigin(origin, host)) {
                refuse(request, response, "in local mode a change must come from this server's own origin, not Origin '"
                        + VolumeId.printable(origin) + "' (a page of another site cannot act for you here)");
                return;
            }
            String site = request.getHeader("Sec-Fetch-Site");
            if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
                refuse(request, response, "in local mode a change must come from this server's own pages, not Sec-Fetch-Site '"
                        + VolumeId.printable(site) + "'");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private boolean isAllowedHost(String name) {
        return name.equals("localhost") || name.equals("[::1]") || LOOPBACK_V4.matcher(name).matches()
                || allowedHosts.contains(name);
    }

    /** Same scheme-less authority as the Host header (a TLS proxy in front changes the scheme), or an allowed host. */
    private boolean isSameOrAllowedOrigin(String origin, String host) {
        URI uri;
        try {
            uri = URI.create(origin.strip());
        } catch (IllegalArgumentException e) {
            return false; // "null" (a sandboxed frame, a file: page) and garbage alike
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            return false;
        }
        String name = uri.getHost().toLowerCase(Locale.ROOT);
        if (allowedHosts.contains(name)) {
            return true;
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        String authority = name + (uri.getPort() == -1 || uri.getPort() == defaultPort ? "" : ":" + uri.getPort());
        return host != null && authority.equals(withoutPort(host.strip().toLowerCase(Locale.ROOT), defaultPort));
    }

    private static String withoutPort(String host, int port) {
        return host.endsWith(":" + port) ? host.substring(0, host.length() - (":" + port).length()) : host;
    }

    /** The name in a Host header, lower case, without the port ({@code [::1]} keeps its brackets). */
    static String hostName(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? h : h.substring(0, close + 1);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }


    private static void refuse(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        FilterProblems.write(request, response, 403, "foreign-origin", "Forbidden", detail);
    }
}
