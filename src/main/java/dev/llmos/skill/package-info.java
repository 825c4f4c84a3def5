/**
 * Skills: the {@link dev.llmos.skill.Skill} record, the formats it is read from and written to
 * (the seed format, Agent Skills {@code SKILL.md} folders, Cursor rules, Copilot instruction
 * files), the merged {@link dev.llmos.skill.SkillCatalog} (user over team over system), and
 * {@link dev.llmos.skill.SkillService} for changes, history and revert. Knows {@code volume}.
 */
package dev.llmos.skill;
