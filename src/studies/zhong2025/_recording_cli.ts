/**
 * `prevision analyse zhong2025 <dir>`: the study's measures on the authors' released
 * recordings (see `_recording.ts`), one line per session; `--json` prints them as a summary.
 *
 * @module
 */
import type { Command } from "../../cli/command.ts";
import { InputError } from "../../util/errors.ts";
import { log } from "../../util/log.ts";
import { listZhongSessions, readZhongSession } from "../../io/zhong_recording.ts";
import { recordingMeasures } from "./_recording.ts";

/** The `analyse zhong2025` command. */
export const zhong2025RecordingCommand: Command = {
  name: "zhong2025",
  summary: "Selectivity, coding direction and first-200-trial licks of Zhong 2025 recordings.",
  positionals: "<dir>",
  flags: {
    session: {
      type: "string",
      arg: "KEY",
      description: "one session (<mouse>_<date>_<block>); default: every session in <dir>",
    },
    corridors: {
      type: "string",
      arg: "A,B",
      description: "the two corridors compared (default: the rewarded one and the other)",
    },
  },
  run(flags, positionals) {
    if (positionals.length !== 1) {
      return Promise.reject(new InputError("analyse zhong2025: expected one <dir>"));
    }
    const dir = positionals[0];
    const pair = flags.corridors === undefined ? undefined : String(flags.corridors).split(",");
    if (pair && pair.length !== 2) {
      return Promise.reject(new InputError("analyse zhong2025: --corridors must be A,B"));
    }
    const keys = flags.session ? [String(flags.session)] : listZhongSessions(dir);
    if (keys.length === 0) {
      return Promise.reject(new InputError(`${dir}: no session with its neural data`));
    }
    const sessions = keys.map((key) => {
      const m = recordingMeasures(readZhongSession(dir, key), pair as [string, string]);
      const cd = m.codingDirection;
      log(
        `${key}: ${m.corridors.join(" vs ")}, ${m.neurons} neurons, selective ${
          m.selectiveFraction.toFixed(3)
        }, CD held-out ${cd.heldOutA.toFixed(3)} / ${cd.heldOutB.toFixed(3)}, licks ${
          m.licks.rewarded.toFixed(3)
        } − ${m.licks.unrewarded.toFixed(3)} = ${m.licks.difference.toFixed(3)}`,
      );
      return { ...m, dPrime: undefined };
    });
    return Promise.resolve({ dir, sessions });
  },
};
