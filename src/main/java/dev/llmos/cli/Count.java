package dev.llmos.cli;

/** A count as people write it: "1 skill", "2 skills", "0 errors". */
final class Count {

    private Count() {
    }

    static String of(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }
}
