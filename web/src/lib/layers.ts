/** The layer a skill came from, as people say it: system, team eng, mine (or another user's volume as it is). */
export function layerOf(volume: string, me: string | null | undefined): { label: string; kind: 'system' | 'team' | 'mine' | 'user' } {
  if (volume === 'system') return { label: 'system', kind: 'system' };
  if (volume.startsWith('teams/')) return { label: `team ${volume.slice(6)}`, kind: 'team' };
  if (me && volume === `users/${me}`) return { label: 'mine', kind: 'mine' };
  return { label: volume, kind: 'user' };
}

/** Mine first, then teams, then the system: the order a person looks for their own skills in. */
export function layerRank(volume: string, me: string | null | undefined): number {
  return { mine: 0, user: 1, team: 2, system: 3 }[layerOf(volume, me).kind];
}
