package dev.llmos.web;

import java.io.IOException;

import org.apache.coyote.Processor;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's HTTP/1.1 connector with a deadline on a request's headers. Tomcat's own timeouts count the
 * time between two reads, so a client sending a byte every few seconds (slowloris) keeps a connection
 * open forever; here the headers must be complete within the deadline of the request's first byte, or
 * the connection is closed. The body has its own deadline ({@link RequestSizeLimit}); nothing counts
 * once the request is read, so a slow answer or a long stream is never cut. Public with a no-argument
 * constructor: Tomcat creates it from its class name.
 */
public class DeadlineHttp11NioProtocol extends Http11NioProtocol {

    private volatile long headerDeadlineMillis = 20_000;

    public void setHeaderDeadlineMillis(long millis) {
        this.headerDeadlineMillis = millis;
    }

    @Override
    protected Processor createProcessor() {
        return new Http11Processor(this, getAdapter()) {
            @Override
            public SocketState service(SocketWrapperBase<?> socket) throws IOException {
                SocketState state = super.service(socket);
                // LONG without async: the request line or headers are incomplete and the processor waits for more.
                long started = getRequest().getStartTimeNanos();
                boolean waitingForHeaders = state == SocketState.LONG && !isAsync() && started > 0;
                if (!waitingForHeaders) {
                    return state;
                }
                long left = headerDeadlineMillis - (System.nanoTime() - started) / 1_000_000;
                if (left <= 0) {
                    return SocketState.CLOSED;
                }
                // The next byte must come before the deadline, however often the client sends one.
                socket.setReadTimeout(Math.min(left, Math.max(1, socket.getReadTimeout())));
                return state;
            }
        };
    }
}
