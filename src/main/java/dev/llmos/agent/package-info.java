/**
 * Multi-agent runs: agents are Markdown files in volumes ({@code agents/{name}.md}); a run starts
 * one, which may delegate tasks to others through the model's tool calling. Every agent of a run
 * writes its own trace, linked into a tree by {@code run_id} and {@code parent_trace_id}.
 */
package dev.llmos.agent;
