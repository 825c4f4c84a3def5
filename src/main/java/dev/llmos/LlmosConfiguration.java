package dev.llmos;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import dev.llmos.access.AccessPolicy;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillService;
import dev.llmos.skill.SkillTemplates;
import dev.llmos.skill.SystemLibrary;
import dev.llmos.volume.VolumeStore;

/** Wires the features together. Each feature's classes are plain Java; only this file knows Spring. */
@Configuration(proxyBeanMethods = false)
class LlmosConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LlmosConfiguration.class);

    @Bean(destroyMethod = "close")
    VolumeStore volumeStore(@Value("${llmos.volumes-path}") Path volumes) {
        VolumeStore store = new VolumeStore(volumes);
        log.info("Volumes in {}", store.root());
        return store;
    }

    @Bean
    SkillCatalog skillCatalog(VolumeStore store) {
        return new SkillCatalog(store);
    }

    @Bean
    SkillService skillService(VolumeStore store, SkillCatalog catalog, @Value("${llmos.max-skill-bytes}") int maxSkillBytes) {
        return new SkillService(store, catalog, maxSkillBytes);
    }

    @Bean
    SkillTemplates skillTemplates(VolumeStore store) {
        return new SkillTemplates(store);
    }

    @Bean
    SystemLibrary systemLibrary(VolumeStore store) {
        SystemLibrary library = new SystemLibrary(store);
        // Seeded before the server takes requests, so /health means the library is there.
        SystemLibrary.SeedReport report = library.seed();
        log.info("System library: {} added, {} upgraded, {} kept with local edits",
                report.added().size(), report.upgraded().size(), report.keptLocalEdits().size());
        return library;
    }

    @Bean
    AccessPolicy accessPolicy() {
        return new AccessPolicy();
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        log.info("LLMos is ready");
    }
}
