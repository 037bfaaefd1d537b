/**
 * The first `count` items of a stable sort by `compare`, without sorting the rest: a report lists the 20
 * largest of what may be tens of thousands, and a locale-aware comparison of every pair is what cost.
 * Same result as `[...items].sort(compare).slice(0, count)`, ties included (they keep their input order).
 */
export function topSorted<T>(items: readonly T[], count: number, compare: (a: T, b: T) => number): T[] {
  if (count >= items.length) return [...items].sort(compare);
  const top: T[] = [];
  if (count <= 0) return top;
  for (const item of items) {
    if (top.length === count && compare(item, top[count - 1]) >= 0) continue;
    // Insertion after every item it does not strictly precede keeps equal items in input order.
    let at = top.length;
    while (at > 0 && compare(item, top[at - 1]) < 0) at--;
    top.splice(at, 0, item);
    if (top.length > count) top.pop();
  }
  return top;
}
