// Every entry of every installed aiox package through `require`, by their
// package.json `exports`.
'use strict';
const { entriesOf, exercise } = require('./exercise.cjs');

const modules = {};
for (const entry of entriesOf(process.argv.slice(2))) modules[entry] = require(entry);
void exercise(modules);
