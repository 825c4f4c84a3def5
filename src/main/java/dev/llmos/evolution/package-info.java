/**
 * Evolution: finds repeated, successful kinds of request in a user's traces
 * ({@link dev.llmos.evolution.PatternDetector}) so that they can become draft skills, and measures
 * how well that grouping matches labelled data ({@link dev.llmos.evolution.ClusteringMetrics}).
 * Knows nothing of the other features: callers hand it texts, vectors and success signals.
 */
package dev.llmos.evolution;
