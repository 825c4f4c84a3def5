package dev.llmos.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

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

    /**
     * Why local mode must not listen on {@code host}, if it must not: local mode trusts whoever connects,
     * so it binds loopback only. An empty host is every interface (though {@code InetAddress.getByName("")}
     * says loopback), and a name counts only when every address it resolves to is loopback.
     */
    public static Optional<String> whyLocalCannotBind(String host) {
        if (host == null || host.isBlank()) {
            return Optional.of(refusal("'" + (host == null ? "" : host) + "'", "an empty address is every network interface"));
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host.strip())) {
                if (!address.isLoopbackAddress()) {
                    String shown = address.getHostAddress().equals(host.strip()) ? "" : host.strip() + " is " + address.getHostAddress() + ", ";
                    return Optional.of(refusal(host, shown + "not loopback"));
                }
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of(refusal(host, "the name does not resolve"));
        }
    }

    /** The same for an address as the server has it: null is every network interface. */
    public static Optional<String> whyLocalCannotBind(InetAddress address) {
        if (address == null || address.isAnyLocalAddress()) {
            return Optional.of(refusal(address == null ? "''" : address.getHostAddress(), "that is every network interface"));
        }
        return address.isLoopbackAddress() ? Optional.empty()
                : Optional.of(refusal(address.getHostAddress(), "that is not loopback"));
    }

    private static String refusal(String host, String why) {
        return "refusing to bind " + host + " in local mode (" + why + "): local mode trusts every caller, so it only binds "
                + "loopback (127.0.0.1 or ::1). To serve a network, use token mode: llmos serve --auth token --host " + host
                + " (or LLMOS_AUTH=token).";
    }
}
