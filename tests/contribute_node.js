// Runs the "Deel je oogst" form's rules (theme/js/contribute-rules.js) in Node for the tests.
// stdin: {"rules": "<path to contribute-rules.js>", "model": <form data>, "lists": {type: [[slug,
//         title], ...]}, "slugs": [titles],
//         "scalars": [texts], "files": [[type, values, body]], "checks": [[type, values, slug]],
//         "submissions": [[type, values, body, newNames, titles, file]], "outlets": [[...]]}
// stdout: {"slugs": [...], "scalars": [...], "files": [...], "checks": [{field: message}, ...]}
"use strict";
const fs = require("fs");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const R = require(input.rules);
const model = input.model;
const types = Object.fromEntries(model.types.map((t) => [t.name, t]));
const checker = R.Checker(model, input.lists || {});
const out = {
  slugs: (input.slugs || []).map((t) => R.slugify(t, model.rules)),
  scalars: (input.scalars || []).map((t) => R.yamlScalar(t)),
  files: (input.files || []).map(([type, values, body]) => R.entryText(types[type], values, body)),
  checks: (input.checks || []).map(([type, values, slug]) => checker.check(types[type], values, slug)),
  markdown: (input.markdown || []).map((text) => R.markdown(text)),
  // The mail's text: [type, values, body, newNames, titles, file]; without a file, the words alone.
  submissions: (input.submissions || []).map(([type, values, body, newNames, titles, file]) => (file
    ? R.submission(model, types[type], values, body, newNames, titles, file)
    : R.readable(model, types[type], values, body, newNames, titles, true))),
  outlets: (input.outlets || []).map(([type, values, slug, text, newNames, titles, body]) =>
    R.outlets(model, types[type], values, slug, text, newNames, titles, body)),
};
process.stdout.write(JSON.stringify(out));
