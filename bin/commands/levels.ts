/** bma levels — the level catalogue and each built level's stages, as JSON. */
import { CATALOGUE, LEVELS } from "../../shared/levels/index.ts";
import { print, type Command } from "./io.ts";

export const usage = "bma levels";

export const run: Command = () => {
  print(CATALOGUE.map((l) => ({
    id: l.id, title: l.title, built: l.built,
    stages: LEVELS.get(l.id)?.stages.map((s) => ({ id: s.id, title: s.title, goal: s.goal })) ?? [],
  })));
  return 0;
};
