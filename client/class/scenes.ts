/** The class screens, registered with the game in one call, and the class links (#/join, #/spectate, #/class). */
import type Phaser from "phaser";
import { ClassBoardScene } from "../scenes/class-board.ts";
import { ClassHostScene } from "../scenes/class-host.ts";
import { ClassJoinScene } from "../scenes/class-join.ts";
import { ClassLeftScene } from "../scenes/class-left.ts";
import { ClassLobbyScene } from "../scenes/class-lobby.ts";
import { ClassResultsScene } from "../scenes/class-results.ts";
import { ClassSetupScene } from "../scenes/class-setup.ts";
import { ClassConnectScene, ClassSpectateScene } from "../scenes/class-spectate.ts";
import { ClassStudentScene } from "../scenes/class-student.ts";
import { parseClassRoute } from "./routes.ts";

export function addClassScenes(game: Phaser.Game): void {
  game.scene.add("class-setup", ClassSetupScene);
  game.scene.add("class-join", ClassJoinScene);
  game.scene.add("class-lobby", ClassLobbyScene);
  game.scene.add("class-host", ClassHostScene);
  game.scene.add("class-board", ClassBoardScene);
  game.scene.add("class-student", ClassStudentScene);
  game.scene.add("class-spectate", ClassSpectateScene);
  game.scene.add("class-connect", ClassConnectScene);
  game.scene.add("class-results", ClassResultsScene);
  game.scene.add("class-left", ClassLeftScene);
}

/** Starts the class screen a link names; false when the hash is not a class link. */
export function startClassRoute(game: Phaser.Game, hash: string): boolean {
  const route = parseClassRoute(hash);
  if (!route) return false;
  for (const s of game.scene.getScenes(true)) game.scene.stop(s.sys.settings.key);
  game.scene.start(route.scene, "code" in route ? { code: route.code } : {});
  return true;
}
