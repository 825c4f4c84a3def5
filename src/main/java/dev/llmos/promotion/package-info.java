/**
 * Promotion of skills and agents from a user volume to their team's, and from a team volume to the system
 * volume, as reviewed requests: {@link dev.llmos.promotion.PromotionService} opens, lists,
 * comments, approves (one commit in the target, with trailers), rejects, withdraws and reverts.
 * Each request is a JSON file in its source volume, so git history is the audit log. Knows
 * {@code volume}, {@code skill}, {@code access} and, to validate agent files, {@code agent}'s parser. See docs/promotion.md.
 */
package dev.llmos.promotion;
