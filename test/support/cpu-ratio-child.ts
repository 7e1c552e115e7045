// Runs in a process of its own (test/support/cpu-ratio.ts, measureRatios): imports the cases module named in
// argv[2], measures each case's lowest ratio and prints them as one JSON object on stdout.
import { pathToFileURL } from 'node:url';
import { lowestRatio, type RatioCase } from './cpu-ratio.js';

const path = process.argv[2];
if (!path) throw new Error('usage: cpu-ratio-child.ts <cases module>');
const { ratioCases } = (await import(pathToFileURL(path).href)) as { ratioCases: RatioCase[] };
const ratios: Record<string, number> = {};
for (const c of ratioCases) ratios[c.name] = lowestRatio(c.measure, c.bound);
process.stdout.write(JSON.stringify(ratios));
