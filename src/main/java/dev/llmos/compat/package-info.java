/**
 * Drop-in compatibility: the Anthropic Messages API and the OpenAI Chat Completions API as pass-through
 * proxies that inject the caller's skills and trace every call ({@link dev.llmos.compat.CompatGateway}),
 * and an MCP server over the skills ({@link dev.llmos.compat.McpSkillServer}). Plain Java: the web
 * layer binds HTTP to it. Knows skills, traces, access and the model settings; nothing above.
 */
package dev.llmos.compat;
