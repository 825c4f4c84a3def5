package dev.llmos.web;

/** Paging bounds shared by the list endpoints. */
final class Pages {

    static final int MAX_LIMIT = 500;

    private Pages() {
    }

    static int limit(int requested) {
        if (requested < 1) {
            return 1;
        }
        return Math.min(requested, MAX_LIMIT);
    }
}
