package dev.llmos.access;

import java.util.Locale;

/**
 * How callers are identified. {@link #LOCAL}: loopback only, the request says who it is (the
 * seed's curl examples). {@link #TOKEN}: a bearer token says who it is; required beyond loopback.
 */
public enum AuthMode {
    LOCAL, TOKEN;

    public static AuthMode parse(String text) {
        if (text == null || text.isBlank()) {
            return LOCAL;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("LLMOS_AUTH must be 'local' or 'token', not '" + text.strip() + "'");
        }
    }
}
