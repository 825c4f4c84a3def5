package dev.llmos.trace;

import java.util.List;

/**
 * The request a client sent, kept beside its trace ({@code {id}.request.json}) for audit, while the
 * trace's {@code request} holds only what the person asked. Parts that repeat call after call (an agent
 * harness's system prompt and tool definitions, tens of KB each) are stored once per content under
 * {@code traces/shared/} and referenced from the body as {@code {"$shared": "sha256-…"}}.
 *
 * @param json   the body with its shared parts replaced by references
 * @param shared the parts it references
 */
public record RawRequest(byte[] json, List<SharedPart> shared) {

    public RawRequest {
        shared = List.copyOf(shared);
    }

    /** One stored-once part: {@code traces/shared/{name}.json}. */
    public record SharedPart(String name, byte[] json) {

        public SharedPart {
            if (!name.matches("sha256-[0-9a-f]{64}")) {
                throw new IllegalArgumentException("a shared part is named by its content's SHA-256: " + name);
            }
        }

        String path() {
            return "traces/shared/" + name + ".json";
        }
    }
}
