package dev.llmos;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.util.List;

import org.springframework.core.env.Environment;

import dev.llmos.access.AccessPolicy;
import dev.llmos.access.Accounts;
import dev.llmos.access.AuthMode;
import dev.llmos.access.Callers;
import dev.llmos.chat.ChatService;
import dev.llmos.chat.ChatSettings;
import dev.llmos.llm.LlmProvider;
import dev.llmos.llm.LlmSettings;
import dev.llmos.llm.ModelChoices;
import dev.llmos.llm.PriceTable;
import dev.llmos.promotion.PromotionService;
import dev.llmos.skill.SkillEmbeddings;
import dev.llmos.skill.SkillSelector;
import dev.llmos.sync.SyncService;
import dev.llmos.sync.SyncSettings;
import dev.llmos.trace.ConversationList;
import dev.llmos.trace.SecretRedactor;
import dev.llmos.trace.TraceJournal;
import dev.llmos.trace.TraceReader;
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
        log.info("Starting LLMos on Java {} (pid {}); volumes in {}", Runtime.version(), ProcessHandle.current().pid(),
                store.root());
        return store;
    }

    @Bean
    SkillCatalog skillCatalog(VolumeStore store, @Value("${llmos.max-skill-bytes}") int maxSkillBytes) {
        return new SkillCatalog(store, maxSkillBytes);
    }

    @Bean
    SkillService skillService(VolumeStore store, SkillCatalog catalog) {
        return new SkillService(store, catalog, catalog.maxFileBytes());
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

    @Bean(destroyMethod = "close")
    SkillEmbeddings skillEmbeddings(@Value("${llmos.embeddings}") boolean enabled, VolumeStore store) {
        if (!enabled) {
            log.info("Semantic skill retrieval is off (LLMOS_EMBEDDINGS=false): selection is lexical only");
            return SkillEmbeddings.disabled();
        }
        try {
            return SkillEmbeddings.load(store.root().resolve(".cache").resolve("embeddings"));
        } catch (RuntimeException e) {
            log.warn("The embedding model could not start ({}); skill selection is lexical only", e.getMessage());
            return SkillEmbeddings.disabled();
        }
    }

    @Bean(destroyMethod = "close")
    SkillSelector skillSelector(SkillCatalog catalog, SkillEmbeddings embeddings) {
        SkillSelector selector = new SkillSelector(catalog, embeddings);
        // Build the system library's index off the request path, so the first chat is not the slow one.
        Thread warmUp = new Thread(() -> {
            try {
                selector.select(null, null, "", 0, 0);
            } catch (RuntimeException e) {
                log.debug("selector warm-up failed: {}", e.getMessage());
            }
        }, "skill-index-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        return selector;
    }

    @Bean
    LlmSettings llmSettings(Environment environment) {
        return LlmSettings.from(environment::getProperty);
    }

    @Bean
    LlmProvider llmProvider(LlmSettings settings) {
        LlmProvider provider = settings.provider();
        if (provider.isConfigured()) {
            log.info("Model provider: {} (default model {})", provider.name(), provider.defaultModel());
        } else {
            log.info("No model configured: chats get an honest offline answer. Set ANTHROPIC_API_KEY or LLMOS_OPENAI_BASE_URL.");
        }
        return provider;
    }

    @Bean
    ModelChoices modelChoices(LlmProvider provider) {
        return new ModelChoices(provider);
    }

    @Bean
    PriceTable priceTable(Environment environment) {
        return PriceTable.from(environment::getProperty);
    }

    @Bean
    TraceReader traceReader(VolumeStore store) {
        return new TraceReader(store);
    }

    @Bean
    ConversationList conversationList(VolumeStore store, TraceReader reader) {
        return new ConversationList(store, reader);
    }

    @Bean
    TraceJournal traceJournal(VolumeStore store, TraceReader reader, LlmSettings llm) {
        return new TraceJournal(store, new SecretRedactor(List.of(nullToEmpty(llm.anthropicApiKey()),
                nullToEmpty(llm.openAiApiKey()))), reader);
    }

    @Bean
    ChatService chatService(SkillSelector selector, SkillCatalog catalog, LlmProvider provider,
                            PriceTable prices, TraceJournal journal, TraceReader reader,
                            @Value("${llmos.chat.skill-token-budget}") int skillTokenBudget,
                            @Value("${llmos.chat.max-output-tokens}") int maxOutputTokens) {
        ChatSettings defaults = ChatSettings.defaults();
        return new ChatService(selector, catalog, provider, prices, journal, reader,
                new ChatSettings(skillTokenBudget, maxOutputTokens, defaults.maxMessageChars(), defaults.maxHistoryTurns(),
                        defaults.maxToolRounds()));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Bean
    AccessPolicy accessPolicy() {
        return new AccessPolicy();
    }

    @Bean
    PromotionService promotionService(VolumeStore store, SkillCatalog catalog, AccessPolicy access) {
        return new PromotionService(store, catalog, access, Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    SyncService syncService(VolumeStore store, SystemLibrary seeded,
                            @Value("${llmos.sync.remote}") String remote, @Value("${llmos.sync.user}") String user,
                            @Value("${llmos.sync.token}") String token,
                            @Value("${llmos.sync.pull-interval}") Duration pullInterval,
                            @Value("${llmos.sync.push-delay}") Duration pushDelay,
                            @Value("${llmos.sync.max-backoff}") Duration maxBackoff,
                            @Value("${llmos.sync.webhook-secret}") String webhookSecret) {
        // After the system library is seeded, so the first sync carries it.
        SyncService sync = new SyncService(store, new SyncSettings(remote, user, token, pullInterval, pushDelay, maxBackoff,
                webhookSecret), Clock.systemUTC());
        sync.start();
        return sync;
    }

    @Bean
    Accounts accounts(VolumeStore store) {
        return new Accounts(store.root(), Clock.systemUTC());
    }

    @Bean
    Callers callers(@Value("${llmos.auth}") String mode, Accounts accounts) {
        return new Callers(AuthMode.parse(mode), accounts);
    }

    /** The one line a person starting LLMos looks for: where to open it, and where the API is described. */
    @EventListener(ApplicationReadyEvent.class)
    void ready(ApplicationReadyEvent event) {
        String url = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? baseUrl(event.getApplicationContext().getEnvironment().getProperty("server.address"), web.getWebServer().getPort())
                : null;
        if (url == null) {
            log.info("LLMos is ready");
            return;
        }
        Duration took = event.getTimeTaken();
        // So that a CLI command that would write these volumes can name the server and refuse (cli.FolderInUse).
        event.getApplicationContext().getBean(VolumeStore.class).describeOwner(
                java.util.Map.of("server", url, "pid", String.valueOf(ProcessHandle.current().pid())));
        log.info("LLMos is ready at {} (API docs: {}docs{})", url, url, took == null ? ""
                : String.format(java.util.Locale.ROOT, "; started in %.1f s", took.toMillis() / 1000.0));
    }

    /** {@code http://host:port/}; a wildcard address is shown as loopback, which always reaches it from this machine. */
    static String baseUrl(String address, int port) {
        String host = address == null || address.isBlank() || address.equals("0.0.0.0") || address.equals("::")
                || address.equals("[::]") ? "127.0.0.1" : address.strip();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]"; // an IPv6 literal
        }
        return "http://" + host + ":" + port + "/";
    }
}
