// Speed of the npm package vader-sentiment (the JavaScript port of VADER) on
// the texts of cases.jsonl: node vader_js.js MODULE_DIR CASES.jsonl COUNT RUNS
// Prints "sentences_per_s N" (median of RUNS runs of COUNT sentences, per
// second of CPU time, like the C benchmarks).
'use strict';
const fs = require('fs');
const path = require('path');
const [moduleDir, casesPath, countArg, runsArg] = process.argv.slice(2);
const vader = require(path.join(moduleDir, 'node_modules', 'vader-sentiment'));
const texts = fs.readFileSync(casesPath, 'utf8').split('\n')
  .filter((l) => l.length > 0).map((l) => JSON.parse(l).text);
const count = parseInt(countArg || '50000', 10);
const runs = parseInt(runsArg || '5', 10);
const analyzer = vader.SentimentIntensityAnalyzer;
let sink = 0;
for (let i = 0; i < texts.length; i++) sink += analyzer.polarity_scores(texts[i]).compound;
const rates = [];
for (let r = 0; r < runs; r++) {
  const t0 = process.cpuUsage();
  for (let i = 0, k = 0; i < count; i++) {
    sink += analyzer.polarity_scores(texts[k]).compound;
    if (++k === texts.length) k = 0;
  }
  const used = process.cpuUsage(t0);   // CPU time, as the C benchmarks measure
  const s = (used.user + used.system) / 1e6;
  rates.push(count / s);
}
rates.sort((a, b) => a - b);
const mid = rates.length >> 1;
const median = rates.length % 2 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
if (sink === 12345.678) console.log('');
console.log('sentences_per_s ' + Math.round(median));
