package dev.llmos.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.llmos.access.AuthMode;
import dev.llmos.access.Callers;

/**
 * Local mode listens on loopback only, whatever the settings say. Checked twice: the address Tomcat is
 * about to bind (an empty {@code LLMOS_HOST} or {@code server.address} is every interface), and, once
 * it listens, whether it answers on any other address of this machine. Either refuses to start.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE) // after Spring's own customizer has applied server.address
class LoopbackOnly implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>,
        ApplicationListener<WebServerInitializedEvent> {

    private static final int PROBE_MILLIS = 200;

    private final boolean local;

    LoopbackOnly(Callers callers) {
        this.local = callers.mode() == AuthMode.LOCAL;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (local) {
            AuthMode.whyLocalCannotBind(factory.getAddress()).ifPresent(why -> {
                throw new IllegalStateException(why);
            });
        }
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (!local) {
            return;
        }
        List<InetAddress> exposed = reachableBeyondLoopback(event.getWebServer().getPort());
        if (!exposed.isEmpty()) {
            throw new IllegalStateException("local mode answers on " + exposed + " at port " + event.getWebServer().getPort()
                    + ", beyond loopback (every network interface): refusing to run. Local mode trusts every caller; "
                    + "to serve a network, use token mode (LLMOS_AUTH=token).");
        }
    }

    /** The addresses of this machine's other interfaces on which something answers at {@code port}. */
    static List<InetAddress> reachableBeyondLoopback(int port) {
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress address : nonLoopbackAddresses()) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(address, port), PROBE_MILLIS);
                out.add(address);
            } catch (IOException e) {
                // refused or unreachable: not listening there
            }
        }
        return out;
    }

    static List<InetAddress> nonLoopbackAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                        if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                            out.add(a);
                        }
                    }
                }
            }
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
