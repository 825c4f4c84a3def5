package dev.llmos.volume;

/** Who a commit is attributed to. */
public record Author(String name, String email) {

    /** Changes found in a volume's working tree that LLMos did not make. */
    public static final Author EXTERNAL = new Author("external edit", "external@llmos.local");
    /** LLMos itself, e.g. seeding the system library. */
    public static final Author LLMOS = new Author("LLMos", "llmos@llmos.local");

    public static Author user(String userId) {
        return new Author(userId, userId + "@llmos.local");
    }
}
