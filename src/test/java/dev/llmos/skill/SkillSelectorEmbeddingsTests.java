package dev.llmos.skill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/** The embedding model as the selector drives it, and its on-disk vector cache. */
class SkillSelectorEmbeddingsTests {

    @TempDir
    Path dir;

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    @Test
    void vectorsAreNormalizedAndCloserForRelatedTexts() {
        SkillEmbeddings e = SelectorCorpus.embeddings();
        assertThat(e.enabled()).isTrue();
        float[] docker = e.embed("Build small Docker container images with multi-stage builds");
        float[] dockerfile = e.embed("how do I make my Dockerfile produce a smaller image?");
        float[] bread = e.embed("bake sourdough bread with a starter");
        assertThat(docker).hasSize(SkillEmbeddings.DIMENSIONS);
        assertThat(cosine(docker, docker)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(cosine(docker, dockerfile)).isGreaterThan(cosine(docker, bread) + 0.3);
        assertThat(e.embed("")).hasSize(SkillEmbeddings.DIMENSIONS);
    }

    /** Driving ONNX Runtime directly must give langchain4j's vectors (mean pooling, then L2). */
    @Test
    void theSameVectorsAsLangchain4j() {
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        for (String text : List.of("hello", "Guide for creating high-quality MCP servers that enable LLMs to call tools",
                "Ünïcödé, emoji 🚀 and $ymbols: [a, b] {c}")) {
            float[] expected = reference.embed(text).content().vector();
            assertThat(cosine(SelectorCorpus.embeddings().embed(text), expected)).as(text).isGreaterThan(0.9999);
        }
    }

    @Test
    void textsAreCutAtTheirWindowQueriesShorter() {
        SkillEmbeddings e = SelectorCorpus.embeddings();
        String head = "deploy the service to kubernetes with helm charts and rolling updates ".repeat(6); // ≈ 66 word-pieces
        String a = head + "then write the release notes";
        String b = head + "then bake a cake for the team";
        assertThat(cosine(e.embedQuery(a), e.embedQuery(b))).isGreaterThan(0.99999); // both cut at 48 word-pieces
        assertThat(cosine(e.embed(a), e.embed(b))).isLessThan(0.9999); // 128: the tails count
        String longer = head.repeat(3);
        assertThat(cosine(e.embed(longer + " cake"), e.embed(longer + " release notes"))).isGreaterThan(0.99999);
    }

    @Test
    void disabledEmbeddingsRefuseToEmbed() {
        SkillEmbeddings off = SkillEmbeddings.disabled();
        assertThat(off.enabled()).isFalse();
        assertThatThrownBy(() -> off.embed("x")).isInstanceOf(IllegalStateException.class);
        off.close();
    }

    @Test
    void theDiskCacheSurvivesARestart() {
        String text = "Cross glaciers safely with crampons " + System.nanoTime();
        String key = SkillEmbeddings.key(text);
        float[] first;
        try (SkillEmbeddings e = SkillEmbeddings.load(dir)) {
            assertThat(e.cached(key)).isNull();
            first = e.vector(key, text);
            assertThat(e.cached(key)).isSameAs(first);
        }
        try (SkillEmbeddings again = SkillEmbeddings.load(dir)) {
            assertThat(again.cached(key)).containsExactly(first);
        }
    }

    static float[] vector(float seed) {
        float[] v = new float[SkillEmbeddings.DIMENSIONS];
        for (int i = 0; i < v.length; i++) {
            v[i] = seed + i;
        }
        return v;
    }

    @Test
    void aDamagedRecordIsSkippedAndATornTailCutOff() throws IOException {
        Path path = dir.resolve("v.vectors");
        SkillEmbeddings.VectorFile file = new SkillEmbeddings.VectorFile(path);
        assertThat(file.load()).isEmpty();
        String k1 = SkillEmbeddings.key("one");
        String k2 = SkillEmbeddings.key("two");
        String k3 = SkillEmbeddings.key("three");
        file.append(List.of(Map.entry(k1, vector(1)), Map.entry(k2, vector(2))));
        file.append(List.of(Map.entry(k3, vector(3))));
        Map<String, float[]> loaded = file.load();
        assertThat(loaded).containsOnlyKeys(k1, k2, k3);
        assertThat(loaded.get(k2)).containsExactly(vector(2));

        byte[] bytes = Files.readAllBytes(path);
        int record = (bytes.length - 16) / 3;
        bytes[16 + record + 40] ^= 0x55; // flip bits inside the second record's floats
        byte[] torn = java.util.Arrays.copyOf(bytes, bytes.length + 100); // plus half a record of an interrupted append
        Files.write(path, torn);
        assertThat(file.load()).containsOnlyKeys(k1, k3);
        assertThat(Files.size(path)).isEqualTo(bytes.length);
        file.append(List.of(Map.entry(k2, vector(2))));
        assertThat(file.load()).containsOnlyKeys(k1, k2, k3);
    }

    @Test
    void aFileThatIsNotAVectorCacheIsReplaced() throws IOException {
        Path path = dir.resolve("v.vectors");
        Files.writeString(path, "not vectors at all");
        SkillEmbeddings.VectorFile file = new SkillEmbeddings.VectorFile(path);
        assertThat(file.load()).isEmpty();
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(header.capacity()).isEqualTo(16);
        file.append(List.of(Map.entry(SkillEmbeddings.key("x"), vector(7))));
        assertThat(file.load()).hasSize(1);
    }
}
