/**
 * Entry point: one Phaser game (WebGL, 1280×720, scale mode FIT; Howler owns audio), the screens as scenes,
 * the hash router, and the window.__bma test hooks.
 */
import Phaser from "phaser";
import { installHooks } from "./app/hooks.ts";
import { parseRoute, type Route } from "./app/router.ts";
import { setCanvas } from "./app/targets.ts";
import { addClassScenes, startClassRoute } from "./class/scenes.ts";
import { COLOURS, HEIGHT, WIDTH } from "./app/theme.ts";
import { installAudioUnlock } from "./audio/sounds.ts";
import { BoardScene } from "./scenes/board.ts";
import { DuelScene } from "./scenes/duel.ts";
import { LibraryScene } from "./scenes/library.ts";
import { ReplayScene } from "./scenes/replay.ts";
import { ResultScene } from "./scenes/result.ts";
import { StagesScene } from "./scenes/stages.ts";
import { TitleScene } from "./scenes/title.ts";

const game = new Phaser.Game({
  type: Phaser.WEBGL,
  parent: "game",
  width: WIDTH,
  height: HEIGHT,
  backgroundColor: COLOURS.background,
  scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
  audio: { noAudio: true },
  banner: false,
  render: { antialias: true, roundPixels: true },
  scene: [],
});

installHooks(game);
installAudioUnlock();

function go(route: Route): void {
  for (const s of game.scene.getScenes(true)) game.scene.stop(s.sys.settings.key);
  switch (route.scene) {
    case "title": game.scene.start("title"); break;
    case "stages": game.scene.start("stages", { level: route.level }); break;
    case "board": {
      const { scene: _, ...data } = route;
      game.scene.start("board", data);
      break;
    }
    case "replay": game.scene.start("replay", { id: route.id, ...(route.tick === undefined ? {} : { tick: route.tick }) }); break;
    case "duel": game.scene.start("duel", route.room ? { room: route.room } : {}); break;
    case "library": game.scene.start("library", { ...(route.level ? { level: route.level } : {}), ...(route.stage === undefined ? {} : { stage: route.stage }) }); break;
  }
}

game.events.once(Phaser.Core.Events.READY, () => {
  setCanvas(game.canvas);
  game.scene.add("title", TitleScene);
  game.scene.add("stages", StagesScene);
  game.scene.add("board", BoardScene);
  game.scene.add("result", ResultScene);
  game.scene.add("replay", ReplayScene);
  game.scene.add("library", LibraryScene);
  game.scene.add("duel", DuelScene);
  addClassScenes(game);
  // Class links (#/join/<CODE>, #/spectate/<CODE>, #/class) first, then the app's routes.
  const navigate = () => { if (!startClassRoute(game, location.hash)) go(parseRoute(location.hash)); };
  navigate();
  // Links typed or followed while the game runs (showRoute uses replaceState, which fires neither event).
  window.addEventListener("hashchange", navigate);
});
