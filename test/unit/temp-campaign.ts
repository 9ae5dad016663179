import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is test/unit/temp-campaign.ts). */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The repository's real example media. */
export const MEDIA = {
  ava: join(REPO, "manifests/assets/characters/ava.png"),
  ben: join(REPO, "manifests/assets/characters/ben.png"),
  wave: join(REPO, "manifests/assets/moves/wave.mp4"),
  spin: join(REPO, "manifests/assets/moves/spin.mp4"),
  jump: join(REPO, "manifests/assets/moves/jump.mp4"),
} as const;

export interface TempCampaign {
  /** Absolute path of the folder; the media sit in `assets/` (ava.png, ben.png, wave.mp4, spin.mp4, jump.mp4). */
  dir: string;
  /** Writes a file (folders created) and returns its absolute path. */
  write(name: string, text: string): string;
  /** Copies one of the repository's media files to `name` inside the folder. */
  copy(media: keyof typeof MEDIA, name: string): string;
  remove(): void;
}

/** A real temporary folder holding copies of the repository's media, for manifests to point at. */
export function tempCampaign(): TempCampaign {
  const dir = mkdtempSync(join(tmpdir(), "motionbatch-unit-"));
  const campaign: TempCampaign = {
    dir,
    write(name, text) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
    copy(media, name) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      copyFileSync(MEDIA[media], path);
      return path;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (const media of Object.keys(MEDIA) as (keyof typeof MEDIA)[]) campaign.copy(media, `assets/${basename(MEDIA[media])}`);
  return campaign;
}

/** CSV text from lines (a trailing newline, as editors write it). */
export function csv(...lines: string[]): string {
  return `${lines.join("\n")}\n`;
}
