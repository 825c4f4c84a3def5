/**
 * Chat with skills: a message comes in, the right skills are chosen and injected, a model
 * answers (streamed), and the exchange is saved as a trace. {@link dev.llmos.chat.ChatService}
 * composes {@code skill}, {@code llm} and {@code trace}; {@code PromptAssembler} keeps the
 * prompt's stable prefix byte-identical across requests so providers can cache it.
 */
package dev.llmos.chat;
