package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.llmos.LlmosApplication;

/**
 * Local mode is an unauthenticated admin for whoever connects, so it must listen on loopback only,
 * whatever the settings say: an empty {@code LLMOS_HOST} (which {@code InetAddress.getByName("")}
 * calls loopback) binds every interface and must not start.
 */
class LoopbackBindingTests {

    private static final Path VOLUMES = TempVolumes.create("llmos-bind-");

    @Test
    void localModeWithAnEmptyOrWildcardAddressDoesNotStart() throws IOException {
        for (String address : new String[] {"", "0.0.0.0", "::"}) {
            ConfigurableApplicationContext started = null;
            Throwable refused = null;
            try {
                started = new SpringApplicationBuilder(LlmosApplication.class).run("--server.port=0", "--server.address=" + address,
                        "--llmos.auth=local", "--llmos.volumes-path=" + VOLUMES, "--llmos.embeddings=false",
                        "--llmos.scan-interval=1h", "--spring.main.banner-mode=off");
            } catch (RuntimeException e) {
                refused = e;
            }
            if (started != null) {
                int port = ((WebServerApplicationContext) started).getWebServer().getPort();
                List<InetAddress> reachable = LoopbackOnly.reachableBeyondLoopback(port);
                started.close();
                throw new AssertionError("local mode started on '" + address + "', reachable from " + reachable);
            }
            assertThat(refused).as(address).hasStackTraceContaining("local mode").hasStackTraceContaining("every network interface");
        }
    }

    @Test
    void theProbeSeesAServerOnEveryInterfaceAndNotOneOnLoopback() throws IOException {
        try (ServerSocket everywhere = new ServerSocket()) {
            everywhere.bind(new InetSocketAddress((InetAddress) null, 0));
            List<InetAddress> seen = LoopbackOnly.reachableBeyondLoopback(everywhere.getLocalPort());
            assumeFalse(LoopbackOnly.nonLoopbackAddresses().isEmpty(), "this machine has no network interface but loopback");
            assertThat(seen).isNotEmpty();
        }
        try (ServerSocket loopback = new ServerSocket()) {
            loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertThat(LoopbackOnly.reachableBeyondLoopback(loopback.getLocalPort())).isEmpty();
        }
    }
}
