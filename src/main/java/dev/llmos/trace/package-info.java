/**
 * Traces: every chat saved in the user's volume as an append-only record (request, answer,
 * skills used with the commit they were read at, model, tokens, cost, latency, outcome), written
 * through the volume's single writer so a trace id is only handed out once it is durable.
 * Also feedback on traces and usage aggregates. Knows {@code volume}.
 */
package dev.llmos.trace;
