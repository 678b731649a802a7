/**
 * The sound cues a level can ask for (SoundCue in shared/engine/level.ts), as notes. Each is short and has its
 * own contour so they are told apart without looking: place rises, reject buzzes low, free falls softly,
 * win is a major arpeggio, lose a falling minor line, tick a click.
 */
import type { SoundCue } from "../../shared/engine/level.ts";
import type { Cue } from "./synth.ts";

export const CUES: readonly (Cue & { name: SoundCue })[] = [
  { name: "place", ms: 120, notes: [
    { at: 0, ms: 60, freq: 660, toFreq: 880, wave: "triangle", gain: 0.5 },
    { at: 50, ms: 70, freq: 1320, wave: "sine", gain: 0.25 },
  ] },
  { name: "reject", ms: 220, notes: [
    { at: 0, ms: 100, freq: 140, toFreq: 110, wave: "square", gain: 0.35 },
    { at: 110, ms: 110, freq: 120, toFreq: 90, wave: "square", gain: 0.35 },
  ] },
  { name: "free", ms: 140, notes: [
    { at: 0, ms: 140, freq: 700, toFreq: 350, wave: "sine", gain: 0.35 },
  ] },
  { name: "win", ms: 620, notes: [
    { at: 0, ms: 140, freq: 523, wave: "triangle", gain: 0.45 },
    { at: 120, ms: 140, freq: 659, wave: "triangle", gain: 0.45 },
    { at: 240, ms: 140, freq: 784, wave: "triangle", gain: 0.45 },
    { at: 360, ms: 260, freq: 1047, wave: "triangle", gain: 0.5 },
  ] },
  { name: "lose", ms: 700, notes: [
    { at: 0, ms: 200, freq: 392, wave: "square", gain: 0.3 },
    { at: 200, ms: 200, freq: 311, wave: "square", gain: 0.3 },
    { at: 400, ms: 300, freq: 262, toFreq: 200, wave: "square", gain: 0.3 },
  ] },
  { name: "tick", ms: 25, notes: [
    { at: 0, ms: 25, freq: 0, wave: "noise", gain: 0.25 },
  ] },
];
