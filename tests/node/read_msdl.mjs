// Reads MSDL files with @orbat-mapper/msdllib (a real MSDL client) and prints what it understood
// as JSON, one document per file: the force sides and every unit with its handle, name, symbol code, echelon, designation
// and superior. Run by tests/test_export.py with NODE_PATH pointing at the installed packages.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const modules = process.env.MSDL_NODE_MODULES;
const require = createRequire(path.join(modules, "noop.js"));
const { JSDOM } = require("jsdom");
globalThis.DOMParser = new JSDOM("").window.DOMParser;
const { MilitaryScenario } = await import(path.join(modules, "@orbat-mapper/msdllib/dist/index.js"));

function read(file) {
  const scenario = MilitaryScenario.createFromString(readFileSync(file, "utf8"));
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
  return { name: scenario.scenarioId.name, sides, units };
}

// jsdom takes a second or two to start: one process reads every file given.
console.log(JSON.stringify(process.argv.slice(2).map(read)));
