/**
 * Howler owns all audio (Phaser starts with noAudio, so the page has one AudioContext). The sprite sheet is
 * built only after the first user gesture, so nothing plays or unlocks before one. Mute (M) and volume persist.
 */
import { Howl, Howler } from "howler";
import type { SoundCue } from "../../shared/engine/level.ts";
import { CUES } from "./cues.ts";
import { buildSpriteWav } from "./synth.ts";

const STORE = "bma.audio";
let howl: Howl | null = null;
let settings = load();

function load(): { muted: boolean; volume: number } {
  try {
    const raw = JSON.parse(localStorage.getItem(STORE) ?? "null") as { muted?: unknown; volume?: unknown } | null;
    return { muted: raw?.muted === true, volume: typeof raw?.volume === "number" ? Math.min(1, Math.max(0, raw.volume)) : 0.6 };
  } catch {
    return { muted: false, volume: 0.6 };
  }
}

function save(): void {
  try { localStorage.setItem(STORE, JSON.stringify(settings)); } catch { /* private mode: settings live for the session */ }
}

function apply(): void {
  Howler.mute(settings.muted);
  Howler.volume(settings.volume);
}

/** Call from a user gesture handler: builds the sprite sheet once. */
export function unlockAudio(): void {
  if (howl) return;
  const { wav, sprite } = buildSpriteWav(CUES);
  const url = URL.createObjectURL(new Blob([wav], { type: "audio/wav" }));
  howl = new Howl({ src: [url], format: ["wav"], sprite });
  apply();
}

export function play(cue: SoundCue | undefined): void {
  if (cue && howl && !settings.muted) howl.play(cue);
}

export function toggleMute(): boolean {
  settings = { ...settings, muted: !settings.muted };
  apply();
  save();
  return settings.muted;
}

export function changeVolume(delta: number): number {
  settings = { ...settings, volume: Math.round(Math.min(1, Math.max(0, settings.volume + delta)) * 10) / 10 };
  apply();
  save();
  return settings.volume;
}

export function audioLabel(): string {
  return settings.muted ? "sound off (M)" : `sound ${Math.round(settings.volume * 100)}% (M, -/+)`;
}

/** Builds the sheet on the first gesture anywhere on the page. */
export function installAudioUnlock(): void {
  const once = () => {
    unlockAudio();
    window.removeEventListener("pointerdown", once);
    window.removeEventListener("keydown", once);
  };
  window.addEventListener("pointerdown", once);
  window.addEventListener("keydown", once);
}
