/**
 * Counts the event loop's turns: an immediate that re-arms itself runs once per check phase, so
 * `turn` is how many turns have begun since the counter started, until `stop()`.
 */
export function turnCounter(): { readonly turn: number; stop(): void } {
  let turn = 0;
  let ticking = true;
  const tick = () => {
    turn++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    get turn() {
      return turn;
    },
    stop() {
      ticking = false;
    },
  };
}
