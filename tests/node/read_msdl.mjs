// Reads an MSDL file with @orbat-mapper/msdllib (a real MSDL client) and prints what it understood
// as JSON: the force sides and every unit with its handle, name, symbol code, echelon, designation
// and superior. Run by tests/test_export.py with NODE_PATH pointing at the installed packages.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const modules = process.env.MSDL_NODE_MODULES;
const require = createRequire(path.join(modules, "noop.js"));
const { JSDOM } = require("jsdom");
globalThis.DOMParser = new JSDOM("").window.DOMParser;
const { MilitaryScenario } = await import(path.join(modules, "@orbat-mapper/msdllib/dist/index.js"));

const scenario = MilitaryScenario.createFromString(readFileSync(process.argv[2], "utf8"));
const units = Object.values(scenario.unitMap).map((u) => ({
  handle: u.objectHandle,
  name: u.name,
  symbolIdentifier: u.symbolIdentifier,
  echelon: u.symbolModifiers?.echelon ?? null,
  designation: u.symbolModifiers?.uniqueDesignation ?? null,
  superior: u.superiorHandle,
  isRoot: u.isRoot,
  subordinates: u.subordinates.map((s) => s.objectHandle),
}));
const sides = scenario.forceSides.map((s) => ({ handle: s.objectHandle, name: s.name,
  rootUnits: s.rootUnits.map((u) => u.objectHandle) }));
console.log(JSON.stringify({ name: scenario.scenarioId.name, sides, units }));
