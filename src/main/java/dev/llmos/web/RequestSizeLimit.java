package dev.llmos.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies over the limit before anything parses them: by Content-Length up front, and by
 * counting bytes for chunked bodies that do not declare one. A body must also arrive within
 * {@code LLMOS_READ_TIMEOUT} of the first read: Tomcat only bounds the wait between two reads, which a
 * client sending a byte every few seconds never reaches.
 */
@Component
class RequestSizeLimit extends OncePerRequestFilter {

    private final long limit;
    private final long deadlineMillis;

    RequestSizeLimit(@Value("${llmos.max-request-bytes}") long limit, @Value("${llmos.read-timeout}") java.time.Duration deadline) {
        this.limit = limit;
        this.deadlineMillis = deadline.toMillis();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            FilterProblems.write(request, response, 413, "too-large", "Content too large",
                    "the request body is larger than " + limit + " bytes (LLMOS_MAX_REQUEST_BYTES)");
            return;
        }
        chain.doFilter(new Limited(request, limit, deadlineMillis), response);
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private final long deadlineMillis;

        Limited(HttpServletRequest request, long limit, long deadlineMillis) {
            super(request);
            this.limit = limit;
            this.deadlineMillis = deadlineMillis;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long count;
                private long started;

                @Override
                public int read() throws IOException {
                    onTime();
                    int b = in.read();
                    if (b >= 0 && ++count > limit) {
                        throw new RequestTooLargeException(limit);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    onTime();
                    int n = in.read(buf, off, len);
                    if (n > 0 && (count += n) > limit) {
                        throw new RequestTooLargeException(limit);
                    }
                    return n;
                }

                private void onTime() {
                    long now = System.nanoTime();
                    if (started == 0) {
                        started = now;
                    } else if (!in.isFinished() && (now - started) / 1_000_000 > deadlineMillis) {
                        setAttribute(ReadDeadlines.LATE_BODY, Boolean.TRUE);
                        throw new RequestTimeoutException(deadlineMillis);
                    }
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
