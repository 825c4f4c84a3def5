package dev.llmos.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.boot.SpringApplication;

import dev.llmos.access.AuthMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the LLMos server.")
final class ServeCommand implements Callable<Integer> {

    private final Class<?> application;

    @Option(names = "--port", defaultValue = "${env:LLMOS_PORT:-8000}", description = "Port (env LLMOS_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "${env:LLMOS_HOST:-127.0.0.1}", description = "Address to bind (env LLMOS_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--volumes", defaultValue = "${env:LLMOS_VOLUMES_PATH:-./volumes}", description = "Volumes folder (env LLMOS_VOLUMES_PATH; default ${DEFAULT-VALUE}).")
    Path volumes;

    @Option(names = "--auth", defaultValue = "${env:LLMOS_AUTH:-local}", description = "local (default: loopback only, requests say who they are) or token (bearer tokens; required beyond loopback). Env LLMOS_AUTH.")
    String auth;

    ServeCommand(Class<?> application) {
        this.application = application;
    }

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            System.err.println("llmos serve: --port must be 0-65535, not " + port);
            return 2;
        }
        AuthMode mode;
        try {
            mode = AuthMode.parse(auth);
        } catch (IllegalArgumentException e) {
            System.err.println("llmos serve: --auth " + e.getMessage().replace("LLMOS_AUTH ", ""));
            return 2;
        }
        if (mode == AuthMode.LOCAL) {
            var refusal = AuthMode.whyLocalCannotBind(host);
            if (refusal.isPresent()) {
                System.err.println("llmos serve: " + refusal.get());
                return 2;
            }
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("server.port", port);
        props.put("server.address", host);
        props.put("llmos.volumes-path", volumes.toString());
        props.put("llmos.auth", mode.name().toLowerCase(java.util.Locale.ROOT));
        SpringApplication app = new SpringApplication(application);
        app.setDefaultProperties(props);
        // Command-line values win over application.properties: pass them as arguments too.
        app.run("--server.port=" + port, "--server.address=" + host, "--llmos.volumes-path=" + volumes,
                "--llmos.auth=" + mode.name().toLowerCase(java.util.Locale.ROOT));
        return 0;
    }
}
