/**
 * The project's own sound effects, synthesised at start-up: each cue is a few oscillator notes with an
 * attack/decay envelope, rendered into one mono 16-bit PCM WAV so Howler can play them as a sprite sheet.
 */
export const SAMPLE_RATE = 22050;

export type Wave = "sine" | "square" | "triangle" | "noise";

export interface Note {
  /** Start in milliseconds from the start of the cue. */
  readonly at: number;
  readonly ms: number;
  readonly freq: number;
  /** Frequency at the end of the note (a slide); defaults to freq. */
  readonly toFreq?: number;
  readonly wave: Wave;
  readonly gain: number;
}

export interface Cue {
  readonly name: string;
  readonly ms: number;
  readonly notes: readonly Note[];
}

/** Deterministic noise (a small LCG): the same bytes every load. */
function noiseSource(): () => number {
  let x = 0x1234567;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) / 0x800000 - 1;
  };
}

function sample(wave: Wave, phase: number, noise: () => number): number {
  switch (wave) {
    case "sine": return Math.sin(2 * Math.PI * phase);
    case "square": return (phase % 1) < 0.5 ? 0.6 : -0.6;
    case "triangle": return 1 - 4 * Math.abs((phase % 1) - 0.5);
    case "noise": return noise();
  }
}

/** Renders one cue into `out` starting at sample `offset`. */
function render(cue: Cue, out: Float32Array, offset: number): void {
  const noise = noiseSource();
  for (const note of cue.notes) {
    const start = offset + Math.round((note.at * SAMPLE_RATE) / 1000);
    const length = Math.round((note.ms * SAMPLE_RATE) / 1000);
    const attack = Math.min(length, Math.round(SAMPLE_RATE * 0.004));
    let phase = 0;
    for (let i = 0; i < length && start + i < out.length; i++) {
      const t = i / length;
      const freq = note.freq + ((note.toFreq ?? note.freq) - note.freq) * t;
      phase += freq / SAMPLE_RATE;
      const env = i < attack ? i / attack : Math.pow(1 - t, 2);
      out[start + i]! += sample(note.wave, phase, noise) * env * note.gain;
    }
  }
}

/** Lays cues end to end with a gap; returns the WAV bytes and each cue's [start ms, length ms]. */
export function buildSpriteWav(cues: readonly Cue[], gapMs = 50): { wav: ArrayBuffer; sprite: Record<string, [number, number]> } {
  const sprite: Record<string, [number, number]> = {};
  let cursor = 0;
  for (const cue of cues) {
    sprite[cue.name] = [cursor, cue.ms];
    cursor += cue.ms + gapMs;
  }
  const samples = new Float32Array(Math.ceil((cursor * SAMPLE_RATE) / 1000));
  for (const cue of cues) render(cue, samples, Math.round((sprite[cue.name]![0] * SAMPLE_RATE) / 1000));
  return { wav: encodeWav(samples), sprite };
}

/** RIFF/WAVE, PCM format 1, mono, 16-bit little endian. */
function encodeWav(samples: Float32Array): ArrayBuffer {
  const bytes = samples.length * 2;
  const buf = new ArrayBuffer(44 + bytes);
  const v = new DataView(buf);
  const ascii = (at: number, s: string) => { for (let i = 0; i < s.length; i++) v.setUint8(at + i, s.charCodeAt(i)); };
  ascii(0, "RIFF");
  v.setUint32(4, 36 + bytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, SAMPLE_RATE, true);
  v.setUint32(28, SAMPLE_RATE * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  ascii(36, "data");
  v.setUint32(40, bytes, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    v.setInt16(44 + i * 2, Math.round(s * 0x7fff), true);
  }
  return buf;
}
