/**
 * What the person asked: turns a model request as a client sent it (Anthropic Messages, OpenAI Chat
 * Completions, the OpenAI Responses API) into the person's own words in this turn, without the
 * wrappers agent harnesses add ({@link dev.llmos.turn.HarnessText}), and places the call in its
 * conversation and turn ({@link dev.llmos.turn.TurnReader}): the first model call of a turn, a later
 * call of its tool loop, or a sub-agent's call. Pure functions over JSON; knows nothing else of LLMos.
 */
package dev.llmos.turn;
