package dev.llmos.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code LLMOS_READ_TIMEOUT} on the connector: a connection silent that long (before a request, between
 * two of its bytes, or kept alive between requests) is closed, and a request's headers must arrive within
 * that long of its first byte ({@link DeadlineHttp11NioProtocol}); its body too ({@link RequestSizeLimit}).
 * A body cut off that way is not then swallowed: Tomcat would read the rest of it, at the client's pace,
 * before closing; {@link AfterLateBody} makes it close once the 408 is out.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class ReadDeadlines implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final long millis;

    ReadDeadlines(@Value("${llmos.read-timeout}") Duration timeout) {
        this.millis = timeout.toMillis();
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.setProtocol(DeadlineHttp11NioProtocol.class.getName());
        factory.addContextValves(new AfterLateBody());
        factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setConnectionTimeout((int) millis);
                http.setKeepAliveTimeout((int) millis);
            }
            if (connector.getProtocolHandler() instanceof DeadlineHttp11NioProtocol deadlines) {
                deadlines.setHeaderDeadlineMillis(millis);
            }
        });
    }

    /** Marks a request whose body missed the deadline (set by {@link RequestSizeLimit}). */
    static final String LATE_BODY = ReadDeadlines.class.getName() + ".late";

    /** After a late body's answer: no swallowing the rest, close the connection once the answer is sent. */
    static final class AfterLateBody extends ValveBase {
        AfterLateBody() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            getNext().invoke(request, response);
            if (request.getAttribute(LATE_BODY) != null) {
                request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
                response.setErrorReported(); // the 408 problem is the report: no error page after it
            }
        }
    }
}
