package dev.llmos.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class MaterialSplitTests {

    private final MaterialSplit split = new MaterialSplit(3, 2, 0.8);

    private static final List<String> RESTAURANTS = List.of(
            "The Phoenix is a French pub near Crowne Plaza Hotel with a low customer rating.",
            "The Waterman serves Italian food at high prices and welcomes children by the river.",
            "For a cheap fast food restaurant go to The Mill, family friendly, near the market.",
            "The Wrestlers coffee shop serves Chinese food for twenty five pounds in the centre.",
            "Blue Spice is a Thai curry house in Cambridge with vegan dishes and late opening.",
            "Zizzi offers pizza and pasta in the city, moderately priced, with a garden terrace.",
            "The Golden Curry is an Indian takeaway on Mill Road with an average rating.",
            "Cotto is a luxury English restaurant overlooking the park, adults only, booking needed.");

    private static final List<String> QUESTIONS = List.of(
            "According to the text above, extract the attributes (name, eatType) of the restaurant.",
            "According to the text above, extract the attributes (name, eatType, food) of the restaurant.",
            "According to the text above, extract the attributes (name, eatType, food, priceRange) of the restaurant.",
            "According to the text above, extract the attributes (name, eatType, food, priceRange, area) of the restaurant.");

    private static int[] all(List<String> texts) {
        return IntStream.range(0, texts.size()).toArray();
    }

    @Test
    void oneTemplateOverFixedTextsSplitsIntoOneGroupPerText() {
        List<String> texts = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            for (String q : QUESTIONS) {
                texts.add("[Text] " + RESTAURANTS.get(r) + " [Question] " + q);
            }
        }

        List<int[]> blocks = split.split(all(texts), TextFeatures.of(texts));

        assertThat(blocks).containsExactly(new int[] {0, 1, 2, 3}, new int[] {4, 5, 6, 7}, new int[] {8, 9, 10, 11});
    }

    @Test
    void oneTemplateOverEverNewTextsStaysOneGroup() {
        List<String> texts = new ArrayList<>();
        for (int r = 0; r < RESTAURANTS.size(); r++) {
            texts.add("[Text] " + RESTAURANTS.get(r) + " [Question] " + QUESTIONS.get(r % QUESTIONS.size()));
        }

        assertThat(split.split(all(texts), TextFeatures.of(texts))).containsExactly(all(texts));
    }

    @Test
    void rewordingsThatChangeTheirWordingHalfwayStayOneGroup() {
        List<String> texts = List.of(
                "Can you write a short story where Hildibrand somehow gets transformed into Gandalf and must restore his regular form?",
                "Can you write a short story where Hildibrand somehow gets transformed into Gandalf and must restore his regular form, in the style of Thurber?",
                "Can you write a short story where Hildibrand somehow gets transformed into Gandalf and must restore his regular form, in the style of Thurber, with satire?",
                "Compose a short story in which Hildibrand is magically turned into Gandalf and collaborates to revert to his original self, echoing Thurber.",
                "Compose a short story in which Hildibrand is magically turned into Gandalf and collaborates to revert to his original self, echoing Thurber, with salon banter.",
                "Compose a short story in which Hildibrand is magically turned into Gandalf and collaborates to revert to his original self, echoing Thurber, with salon banter and ballad metre.");

        assertThat(split.split(all(texts), TextFeatures.of(texts))).containsExactly(all(texts));
    }

    @Test
    void membersOutsideEveryBlockBecomeNoiseWhenTooFewForAGroup() {
        List<String> texts = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            for (String q : QUESTIONS) {
                texts.add("[Text] " + RESTAURANTS.get(r) + " [Question] " + q);
            }
        }
        texts.add("[Text] " + RESTAURANTS.get(5) + " [Question] " + QUESTIONS.get(0));
        texts.add("[Text] " + RESTAURANTS.get(6) + " [Question] " + QUESTIONS.get(1));

        List<int[]> blocks = split.split(all(texts), TextFeatures.of(texts));

        assertThat(blocks).containsExactly(new int[] {0, 1, 2, 3}, new int[] {4, 5, 6, 7});
    }

    @Test
    void blocksThatCoverTooLittleOfTheGroupLeaveItWhole() {
        List<String> texts = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            for (String q : QUESTIONS) {
                texts.add("[Text] " + RESTAURANTS.get(r) + " [Question] " + q);
            }
        }
        for (int r = 2; r < RESTAURANTS.size(); r++) {
            texts.add("[Text] " + RESTAURANTS.get(r) + " [Question] " + QUESTIONS.get(r % QUESTIONS.size()));
        }

        assertThat(split.split(all(texts), TextFeatures.of(texts))).containsExactly(all(texts));
    }

    @Test
    void groupsTooSmallForTwoBlocksAreLeftAlone() {
        List<String> texts = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            for (int q = 0; q < 3; q++) {
                texts.add("[Text] " + RESTAURANTS.get(r) + " [Question] " + QUESTIONS.get(q));
            }
        }

        assertThat(split.split(all(texts), TextFeatures.of(texts))).containsExactly(all(texts));
    }
}
