import assert from "node:assert/strict";
import { clipStarts, clipStartsWithin } from "../../src/train/clips.ts";

Deno.test("clips: windows inside single events never straddle two", () => {
  assert.deepEqual(clipStarts(25, 4), [0, 5, 10, 15, 20]);
  const events = [
    { startFrame: 0, endFrame: 11 }, // 12 frames: clips at 0 and 5 (5..9), not 10
    { startFrame: 12, endFrame: 14 }, // 3 frames: too short
    { startFrame: 15, endFrame: 19 }, // exactly one clip
    { startFrame: 20, endFrame: -1 }, // unfinished: none
  ];
  const starts = clipStartsWithin(events, 4);
  assert.deepEqual(starts, [0, 5, 15]);
  for (const s of starts) {
    const e = events.find((e) => s >= e.startFrame && s <= e.endFrame)!;
    assert.ok(s + 4 <= e.endFrame, `clip at ${s} runs past its event`);
  }
});
