package dev.llmos.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * The web UI's entry page. Its client-side routes live under {@code /ui/}, so a reload or a shared
 * link to {@code /ui/skills/x} gets the same page and the browser picks the screen; API paths never
 * collide with them. The UI's files ({@code /index.html}, {@code /assets/…}) are static resources
 * built from {@code web/} into {@code static/}. Without a built UI ({@code -DskipWeb}) the page
 * says so instead of failing.
 */
@RestController
@Hidden
class UiController {

    private static final String MISSING = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>LLMos</title></head>
            <body><h1>LLMos</h1><p>The web UI was not built into this server (built with <code>-DskipWeb</code>).
            The API is at <a href="/docs">/docs</a>.</p></body></html>
            """;

    @GetMapping({"/", "/ui", "/ui/**"})
    ResponseEntity<byte[]> page() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache()).body(indexHtml());
    }

    private static byte[] indexHtml() {
        ClassPathResource index = new ClassPathResource("static/index.html");
        if (!index.exists()) {
            return MISSING.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        try (InputStream in = index.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
