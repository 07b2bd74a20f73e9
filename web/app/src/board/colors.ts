/** The palette, with the catalogue key of each colour's name (screen readers read names, not hex). */
export const COLORS = [
  { value: "#1f2933", name: "colour.black" },
  { value: "#e03131", name: "colour.red" },
  { value: "#1971c2", name: "colour.blue" },
  { value: "#2f9e44", name: "colour.green" },
  { value: "#f08c00", name: "colour.orange" },
  { value: "#7048e8", name: "colour.violet" },
  { value: "#868e96", name: "colour.grey" },
] as const;

/** Fills add the sticky notes' default yellow. */
export const FILLS = [...COLORS, { value: "#ffe066", name: "colour.yellow" }] as const;
