package dev.llmos.compat;

import java.io.IOException;
import java.util.Map;

/** Where a relayed answer goes (the web layer's HTTP response). An {@link IOException} means the client went away. */
public interface ResponseSink {

    /** Status, content type and extra headers; called once, before any byte. */
    void start(int status, String contentType, Map<String, String> headers) throws IOException;

    void write(byte[] bytes, int offset, int length) throws IOException;

    void flush() throws IOException;
}
