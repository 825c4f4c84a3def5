package dev.llmos.evolution;

import java.util.List;

/** Twelve requests about nothing in common: the background of a user's history in evolution tests. */
public final class UnrelatedRequests {

    public static final List<String> TWELVE = List.of(
            "What is the capital of France?",
            "Write a haiku about autumn leaves falling",
            "Explain quantum entanglement to a ten year old",
            "How do I center a div with flexbox?",
            "Suggest a name for my new bakery",
            "What time zone is Tokyo in?",
            "Recommend three science fiction novels",
            "How many grams of protein are in an egg?",
            "Translate good morning into Italian",
            "Why is the sky blue?",
            "Plan a three day trip to Lisbon",
            "What does HTTP 418 mean?");

    private UnrelatedRequests() {
    }
}
