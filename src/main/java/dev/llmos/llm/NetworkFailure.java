package dev.llmos.llm;

import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

import javax.net.ssl.SSLException;

/**
 * Says in plain words what went wrong on the wire. These texts reach API callers and traces, so they
 * name what happened ("the connection closed before the answer ended"), not Java exception classes.
 */
final class NetworkFailure {

    private NetworkFailure() {
    }

    static String describe(Throwable error) {
        // The outermost recognised cause says most: the JDK client wraps a refused connection's
        // ConnectException around a ClosedChannelException, for one.
        Throwable root = error;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String known = known(t);
            if (known != null) {
                return known;
            }
            root = t;
        }
        String message = messageOf(root);
        return message == null ? "an unexpected " + root.getClass().getSimpleName() : message;
    }

    private static String known(Throwable t) {
        String message = messageOf(t);
        if (t instanceof EOFException || t instanceof ClosedChannelException) {
            return "the connection closed before the answer ended";
        }
        if (t instanceof ConnectException) {
            return "connection refused" + (message == null || message.toLowerCase(Locale.ROOT).contains("refused") ? "" : " (" + message + ")");
        }
        if (t instanceof UnknownHostException) {
            return "unknown host" + (message == null ? "" : " " + message);
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (t instanceof InterruptedIOException) {
            return "no data within the timeout";
        }
        if (t instanceof SSLException) {
            return "TLS failed" + (message == null ? "" : ": " + message);
        }
        if (t instanceof SocketException) {
            return message == null ? "the connection failed" : message.toLowerCase(Locale.ROOT);
        }
        return null;
    }

    private static String messageOf(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? null : t.getMessage().strip();
    }
}
