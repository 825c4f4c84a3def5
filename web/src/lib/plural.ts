/** A count as people write it: "1 skill", "2 skills". */
export const count = (n: number, noun: string) => `${n.toLocaleString('en')} ${n === 1 ? noun : `${noun}s`}`;
