/** Out of a class: kicked (with the host's reason) or disconnected for good. One way on: the title. */
import { COLOURS, mono, sans, WIDTH } from "../app/theme.ts";
import { leaveClass } from "../class/current.ts";
import type { KeyHelp } from "../ui/help.ts";
import { BaseScene } from "./base.ts";
import type { LeftData } from "./class-base.ts";

export class ClassLeftScene extends BaseScene {
  private info: LeftData = { title: "", text: "" };

  constructor() {
    super("class-left");
  }

  init(data: LeftData): void {
    this.info = data;
  }

  protected keyHelp(): KeyHelp {
    return [["Enter / Esc", "back to the title"]];
  }

  create(): void {
    this.setup();
    leaveClass();
    this.add.text(WIDTH / 2, 220, this.info.title, mono(44, COLOURS.error)).setOrigin(0.5);
    this.add.text(WIDTH / 2, 290, this.info.text, sans(24, COLOURS.text, 900)).setOrigin(0.5, 0).setAlign("center");
    this.button({ x: WIDTH / 2 - 140, y: 450, w: 280, h: 56, label: "Back to the title", keys: ["Enter", "Escape"], onPress: () => this.scene.start("title") });
  }
}
