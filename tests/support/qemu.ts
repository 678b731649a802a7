/** The QEMU driver lives with the CLI (`bma kernel compare` uses it too); tests import it from here. */
export * from "../../bin/qemu.ts";
