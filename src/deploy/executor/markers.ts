import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';

/**
 * How steps share one shell: each command is sent wrapped so that, after it, the shell prints an
 * end marker with the exit code on stdout and on stderr (both, since the two streams arrive
 * independently: a step is over when both markers came). Before it, a begin marker gives the
 * step's process id, which is also its process group (setsid), so a timeout or a kill stops the
 * whole command tree. Markers carry a random token per session, so no output can forge one.
 */

export interface Markers {
  prefix: string;
}

export function newMarkers(): Markers {
  return { prefix: `__argus_${randomBytes(9).toString('hex')}_` };
}

/** `'...'` with every `'` closed, escaped and reopened: the command reaches sh -c unchanged. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The text sent to the session's shell for one step. The command runs in the user's login shell
 * (as `ssh host command` does) with stdin from /dev/null, so it cannot eat the next steps sent on
 * the session's stdin, and in the background so the shell reports its pid before waiting.
 */
export function wrapStep(markers: Markers, step: number, command: string): string {
  const p = markers.prefix;
  return [
    `setsid "\${SHELL:-/bin/sh}" -c ${shellQuote(command)} </dev/null & __argus_pid=$!`,
    `printf '${p}B %s %s\\n' ${step} "$__argus_pid"`,
    // stderr of wait off: bash reports a killed job there, with the command line (and its secrets).
    `wait "$__argus_pid" 2>/dev/null; __argus_rc=$?`,
    `printf '${p}E %s %s\\n' ${step} "$__argus_rc"; printf '${p}E %s %s\\n' ${step} "$__argus_rc" >&2`,
    '',
  ].join('\n');
}

export type MarkerEvent =
  | { kind: 'line'; line: string }
  | { kind: 'begin'; step: number; pid: number }
  | { kind: 'end'; step: number; code: number };

/** A line longer than this is cut into pieces (a runaway binary dump stays bounded). */
const MAX_LINE = 16 * 1024;

/** Splits one stream of a session into lines and markers, decoding UTF-8 across chunks. */
export class MarkerSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';

  constructor(private readonly markers: Markers) {}

  push(chunk: Buffer): MarkerEvent[] {
    this.buffer += this.decoder.write(chunk);
    const events: MarkerEvent[] = [];
    for (;;) {
      const newline = this.buffer.indexOf('\n');
      if (newline < 0) break;
      this.take(this.buffer.slice(0, newline), events);
      this.buffer = this.buffer.slice(newline + 1);
    }
    // A marker is printed whole with its newline, so only the tail can hold part of one.
    if (this.buffer.length > MAX_LINE && !this.buffer.includes(this.markers.prefix)) {
      const keep = this.markers.prefix.length + 32;
      events.push({ kind: 'line', line: this.buffer.slice(0, -keep) });
      this.buffer = this.buffer.slice(-keep);
    }
    return events;
  }

  /** What is left when the stream ends: a last line without newline. */
  flush(): MarkerEvent[] {
    const rest = this.buffer + this.decoder.end();
    this.buffer = '';
    return rest === '' ? [] : [{ kind: 'line', line: rest }];
  }

  private take(text: string, events: MarkerEvent[]): void {
    const at = text.indexOf(this.markers.prefix);
    if (at < 0) {
      events.push({ kind: 'line', line: text });
      return;
    }
    // Output without a final newline ends on the marker's line: its text is the last line.
    if (at > 0) events.push({ kind: 'line', line: text.slice(0, at) });
    const match = /^([BE]) (\d+) (\d+)$/.exec(text.slice(at + this.markers.prefix.length));
    if (!match) return;
    const step = Number(match[2]);
    const value = Number(match[3]);
    events.push(
      match[1] === 'B' ? { kind: 'begin', step, pid: value } : { kind: 'end', step, code: value },
    );
  }
}
