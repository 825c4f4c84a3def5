package dev.llmos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Texts and labels read from JSONL or JSON-array files for {@code bench evolution}. Field names
 * are dotted paths that may index lists ({@code turns.0.content}). Labels count per file (the
 * label key is the file name plus the label), since ids like FollowBench's restart in every file.
 */
record LabelledRecords(List<String> texts, List<String> labels, int skipped) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static LabelledRecords read(List<Path> files, String textField, String labelField) throws IOException {
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int skipped = 0;
        for (Path file : files) {
            String content = Files.readString(file);
            List<JsonNode> records = new ArrayList<>();
            if (content.stripLeading().startsWith("[")) {
                JSON.readTree(content).forEach(records::add);
            } else {
                for (String line : content.split("\n")) {
                    if (!line.isBlank()) {
                        records.add(JSON.readTree(line));
                    }
                }
            }
            for (JsonNode r : records) {
                String text = value(r, textField);
                if (text.isBlank()) {
                    skipped++;
                    continue;
                }
                texts.add(text);
                labels.add(file.getFileName() + "#" + value(r, labelField));
            }
        }
        return new LabelledRecords(texts, labels, skipped);
    }

    /** The text at a dotted path ({@code turns.0.content}); empty when missing. */
    static String value(JsonNode node, String path) {
        JsonNode at = node;
        for (String part : path.split("\\.")) {
            if (at == null) {
                return "";
            }
            at = at.isArray() && part.chars().allMatch(Character::isDigit) ? at.get(Integer.parseInt(part)) : at.get(part);
        }
        if (at == null || at.isNull() || at.isMissingNode()) {
            return "";
        }
        return at.isValueNode() ? at.asString() : at.toString();
    }
}
