/**
 * Preloaded into a child process (`node --import <this file>`): its clock runs
 * `PASSWATCH_TEST_CLOCK_OFFSET_MS` ahead of the real one, so that a test pins what "now" is for a
 * passwatch it starts as a program (time still passes, the same for every child given the same
 * offset). Only tests use it; passwatch itself has no such setting.
 */
const offsetMs = Number(process.env.PASSWATCH_TEST_CLOCK_OFFSET_MS ?? 0);
if (!Number.isFinite(offsetMs)) throw new Error('PASSWATCH_TEST_CLOCK_OFFSET_MS is not a number');
const RealDate = Date;
const realNow = RealDate.now.bind(RealDate);
class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(realNow() + offsetMs);
    else super(...args);
  }
  static now() {
    return realNow() + offsetMs;
  }
}
globalThis.Date = ShiftedDate;
