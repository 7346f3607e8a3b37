/** How history and change events name radar things (`radar-entry:Kafka`, `...@<date>` for a point). */
export const quadrantRef = (name: string) => `radar-quadrant:${name}`;
export const ringRef = (name: string) => `radar-ring:${name}`;
export const entryRef = (label: string) => `radar-entry:${label}`;
export const pointRef = (label: string, date: Date) => `${entryRef(label)}@${date.toISOString()}`;
