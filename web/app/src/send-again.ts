/**
 * An action the room answered `unavailable` was not applied: its class was moving to another node, or had just
 * started there before this participant's session checked in again (README, "Sending again"). The room asks for
 * the same frame again, which it recognises if a copy got through after all; so it goes again by itself after a
 * short pause that doubles, with jitter so that a whole class does not come back in the same instant. A move
 * then costs a student's message or a teacher's stroke nothing. Only a class still moving after every try
 * (nine to eighteen seconds in all) has the action reported as refused.
 */
export const UNAVAILABLE = "unavailable";
export const TRIES = 7;

/** How long to wait before sending again after `tries` earlier tries; undefined once there were enough. */
export function sendAgainAfterMs(tries: number, random: () => number = Math.random): number | undefined {
  if (tries >= TRIES) return undefined;
  const ceiling = Math.min(5_000, 250 * 2 ** tries);
  return ceiling / 2 + random() * (ceiling / 2);
}
