/** Groups items (newest first) under the headings a chat list uses: Today, Yesterday, Previous 7 days, … */
export function groupByDate<T>(items: T[], time: (item: T) => string, now: Date = new Date()): { label: string; items: T[] }[] {
  const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const today = startOfDay(now);
  const day = 24 * 60 * 60 * 1000;
  const groups: { label: string; items: T[] }[] = [];
  for (const item of items) {
    const d = new Date(time(item));
    const start = startOfDay(d);
    const label =
      start >= today ? 'Today'
        : start >= today - day ? 'Yesterday'
          : start >= today - 7 * day ? 'Previous 7 days'
            : start >= today - 30 * day ? 'Previous 30 days'
              : d.toLocaleString('en', { month: 'long', year: 'numeric' });
    const last = groups[groups.length - 1];
    if (last && last.label === label) last.items.push(item);
    else groups.push({ label, items: [item] });
  }
  return groups;
}
