/**
 * Evolution: finds repeated, successful kinds of request in a user's traces
 * ({@link dev.llmos.evolution.PatternDetector}), drafts skills from them
 * ({@link dev.llmos.evolution.SkillDrafter}: the configured model, or a deterministic draft), commits
 * the drafts to the user's volume and lets the user review them
 * ({@link dev.llmos.evolution.EvolutionService}). Uses volume, trace, skill and llm; the detector
 * itself knows only texts, vectors and success signals. {@link dev.llmos.evolution.ClusteringMetrics}
 * measures grouping against labelled data.
 */
package dev.llmos.evolution;
