/* Oogst, "Deel je oogst": the form's rules without the page. The slug from a title, the YAML of
 * a value, the entry file and the checks mirror plugins/harvest/tools/scaffold.py, outputs/form.py
 * and content/validate.py, with the patterns and every word of the messages taken from the form
 * data (meedoen/formulier.json: the catalogue model/messages.py in its person voice), so both sides
 * say the same words. Each message gets the field's key and its label (`{key}`, `{label}`). Runs in the browser and in Node (the tests compare it with
 * the Python side). */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.OogstContribute = factory();
  }
}(this, function () {
  "use strict";

  function chars(text) { return Array.from(text); } // code points, as Python's len counts

  function fill(template, params) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : all;
    });
  }

  // "Soort ervaring" -> "soort ervaring"; "ISBN" stays.
  function lowerFirst(text) {
    return /^\p{Lu}\p{Ll}/u.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
  }

  // A value as a person reads it in a message: between Dutch quotes, cut at 60 characters.
  function quote(value) {
    var c = chars(String(value));
    return "„" + (c.length > 60 ? c.slice(0, 60).join("") + "…" : c.join("")) + "”";
  }

  // validate._show: a value in backticks, cut at 60 characters.
  function show(value) {
    var c = chars(String(value));
    return "`" + (c.length > 60 ? c.slice(0, 60).join("") + "…" : c.join("")) + "`";
  }

  // text.slugify (plugins/harvest/text.py)
  function slugify(title, rules) {
    var text = chars(title).map(function (ch) {
      return Object.prototype.hasOwnProperty.call(rules.fold, ch) ? rules.fold[ch] : ch;
    }).join("");
    text = text.replace(new RegExp("[" + rules.apostrophes + "]", "g"), "");
    text = text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    var slug = text.replace(/[^\x00-\x7f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    var max = rules.slugMax;
    if (slug.length > max) {
      var head = slug.slice(0, max + 1);
      slug = head.indexOf("-") >= 0 ? head.slice(0, head.lastIndexOf("-")) : slug.slice(0, max);
    }
    return slug.replace(/^-+|-+$/g, "");
  }

  // scaffold.yaml_scalar
  var UNSAFE_START = "-?:,[]{}#&*!|>'\"%@`.+<=~ ";
  var UNSAFE_ANYWHERE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff,\[\]{}]|: |:$| #/;
  var NUMBER_LIKE = /^[0-9][0-9a-fA-FxXoObB_.:+\- tTzZ]*$/;
  var WORDS = /^(?:y|n|yes|no|true|false|on|off|null)$/i;
  var CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]/g;

  function yamlScalar(text) {
    if (text && text === text.trim() && UNSAFE_START.indexOf(text[0]) < 0 &&
        !UNSAFE_ANYWHERE.test(text) && !NUMBER_LIKE.test(text) && !WORDS.test(text)) {
      return text;
    }
    var escaped = text.replace(/\\/g, "\\\\").replace(/"/g, "\\\"").replace(CONTROL, function (c) {
      return "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
    });
    return "\"" + escaped + "\"";
  }

  // Python's str.strip() strips the same whitespace as JavaScript's trim() for what forms hold.
  function isEmpty(value) {
    if (value === undefined || value === null || value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    return false;
  }

  function groups(type) {
    return ["required", "optional", "relation"].map(function (g) {
      return type.fields.filter(function (f) { return f.group === g; });
    });
  }

  // form.entry_text
  function entryText(type, values, body) {
    var lines = ["---"];
    groups(type).forEach(function (group) {
      group.forEach(function (f) {
        var value = values[f.name];
        if (isEmpty(value)) return;
        if (f.kind === "links") {
          lines.push(f.name + ":");
          value.forEach(function (link) {
            var parts = ["title", "url"].map(function (k) { return [k, (link[k] || "").trim()]; })
              .filter(function (p) { return p[1]; });
            parts.forEach(function (p, i) {
              lines.push((i === 0 ? "  - " : "    ") + p[0] + ": " + yamlScalar(p[1]));
            });
          });
        } else if (f.kind === "texts") {
          lines.push(f.name + ":");
          value.forEach(function (item) { lines.push("  - " + yamlScalar(item)); });
        } else if (Array.isArray(value)) {
          lines.push(f.name + ": [" + value.map(function (v) { return yamlScalar(String(v)); }).join(", ") + "]");
        } else if ((f.kind === "year" && /^[0-9]+$/.test(value)) ||
                   (f.kind === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value))) {
          lines.push(f.name + ": " + value);
        } else {
          lines.push(f.name + ": " + yamlScalar(value));
        }
      });
    });
    body = (body || "").replace(/\r\n?/g, "\n").replace(/^\n+|\n+$/g, "");
    return lines.join("\n") + "\n---\n" + (body ? body + "\n" : "");
  }

  function isbnValid(isbn) {
    var d = isbn.replace(/[- ]/g, "").toUpperCase();
    var total = 0, i;
    if (d.length === 10 && /^[0-9]{9}[0-9X]$/.test(d)) {
      for (i = 0; i < 9; i++) total += (10 - i) * Number(d[i]);
      total += d[9] === "X" ? 10 : Number(d[9]);
      return total % 11 === 0;
    }
    if (d.length === 13 && /^[0-9]{13}$/.test(d)) {
      for (i = 0; i < 12; i++) total += Number(d[i]) * (i % 2 === 0 ? 1 : 3);
      return (10 - total % 10) % 10 === Number(d[12]);
    }
    return false;
  }

  function dateExists(text) {
    var p = text.split("-").map(Number);
    var days = new Date(Date.UTC(2000, p[1], 0)).getUTCDate(); // days in month p[1] of a leap year
    if (p[1] === 2 && !(p[0] % 4 === 0 && (p[0] % 100 !== 0 || p[0] % 400 === 0))) days = 28;
    return p[0] >= 1 && p[1] >= 1 && p[1] <= 12 && p[2] >= 1 && p[2] <= days;
  }

  // `lists`: {type: [[slug, title], ...]} of the types loaded so far (the page fetches them).
  function Checker(model, lists) {
    var rules = model.rules, messages = model.messages;
    var re = {};
    ["slug", "url", "email", "isbn", "date"].forEach(function (k) { re[k] = new RegExp(rules[k], "u"); });
    var known = {};
    function slugsOf(typeName) {
      if (!known[typeName] && lists[typeName]) known[typeName] = new Set(lists[typeName].map(function (e) { return e[0]; }));
      return known[typeName];
    }

    function say(key, params) { return fill(messages[key], params); }
    // A message said for one field where the catalogue words it for that field ("missing_title").
    function ask(key, name, params) { return fill(messages[key + "_" + name] || messages[key], params); }
    var typeLabel = "";  // the type being checked, for messages that name it

    // The placeholders of a message about field `f`, and `more`: the file voice names the field by
    // its key, the person voice by its label; the value is shown in backticks or between quotes.
    function about(f, more) {
      var params = { key: f.name, label: f.label, labelLower: lowerFirst(f.label), type: typeLabel.toLowerCase(),
                     typeLower: typeLabel.toLowerCase(), help: (f.fileHelp || f.help).replace(/\.+$/, ""),
                     hint: f.help.replace(/\.+$/, "") };
      if (more && more.raw !== undefined) params.quoted = quote(more.raw);
      Object.keys(more || {}).forEach(function (k) { params[k] = more[k]; });
      return params;
    }

    // `a`, `b` of `c` (messages.one_of).
    function oneOfWords(names) {
      var quoted = names.map(function (n) { return "`" + n + "`"; });
      return quoted.length === 1 ? quoted[0] :
        say("listOr", { most: quoted.slice(0, -1).join(", "), last: quoted[quoted.length - 1] });
    }

    // `f`: the field, or for a link's address {name: "url", label: the links field's label}.
    function url(f, value) {
      if (re.url.test(value)) return "";
      var fixed = value.trim();
      if (!/^https?:\/\//.test(fixed) && fixed.indexOf(".") >= 0 && fixed.indexOf(" ") < 0 &&
          re.url.test("https://" + fixed)) {
        return say("urlScheme", about(f, { fixed: fixed }));
      }
      return say("url", about(f, { shown: show(value), raw: value }));
    }

    // One field's first problem, or "" (validate.py reports every one; the form shows the first).
    function field(f, value) {
      var name = f.name;
      if (isEmpty(value)) {
        return f.required ? ask("missing", name, about(f, { example: f.example })) : "";
      }
      switch (f.kind) {
        case "text":
          return /[\n\t]/.test(value) ? say("oneLine", about(f)) : "";
        case "plaintext":
          if (chars(value).length > rules.summaryMax) {
            return say("long", about(f, { length: chars(value).length, max: rules.summaryMax }));
          }
          return /<[a-zA-Z\/!][^>]*>/.test(value) ? say("html", about(f)) : "";
        case "date":
          if (!re.date.test(value)) return say("date", about(f, { shown: show(value), raw: value }));
          return dateExists(value) ? "" : say("dateExists", about(f, { shown: show(value), raw: value }));
        case "year":
          if (!/^[0-9]+$/.test(value)) return say("year", about(f, { shown: show(value), raw: value }));
          var year = parseInt(value, 10);
          return year < rules.yearMin || year > rules.yearMax ?
            say("yearRange", about(f, { min: rules.yearMin, max: rules.yearMax, value: year })) : "";
        case "url":
          return url(f, value);
        case "email":
          return re.email.test(value) ? "" : say("email", about(f, { shown: show(value), raw: value }));
        case "isbn":
          if (!re.isbn.test(value)) return say("isbn", about(f, { shown: show(value), raw: value }));
          return isbnValid(value) ? "" : say("isbnCheck", about(f, { shown: show(value), raw: value }));
        case "links":  // every problem of every link at once, each said once
          var said = [];
          for (var i = 0; i < value.length; i++) {
            var link = value[i], title = (link.title || "").trim(), address = (link.url || "").trim();
            if (!title && !address) continue;
            if (!title) said.push(ask("linkPart", "title", about(f, { key: "title" })));
            if (!address) said.push(ask("linkPart", "url", about(f, { key: "url" })));
            else said.push(url({ name: "url", label: f.label, help: f.help }, address));
          }
          return said.filter(function (m, k) { return m && said.indexOf(m) === k; }).join(". ");
        case "relation":
          for (var j = 0; j < value.length; j++) {
            if (slugsOf(name) && !slugsOf(name).has(value[j])) {
              return say("unknown", about(f, { slug: value[j], type: name }));
            }
          }
          return "";
        case "moment":
        case "end":
          return moment(f, value).problem;
        default:
          return f.pattern && !new RegExp(f.pattern, "u").test(value) ?
            say("pattern", about(f, { shown: show(value), raw: value })) : "";
      }
    }

    // An event's day, or day and time; an end may be a time alone. {day, time, problem}.
    var MOMENT = /^(?:(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2}))?|(\d{1,2}):(\d{2}))$/;
    function moment(f, value) {
      var text = value.trim(), m = MOMENT.exec(text);
      if ((f.pattern && !new RegExp(f.pattern, "u").test(value)) || !m || (m[4] && f.kind !== "end")) {
        var forms = messages.momentForms + (f.kind === "end" ? messages.orTimeAlone : "");
        return { problem: say("moment", about(f, { forms: forms, shown: show(value), raw: value })) };
      }
      if (m[1] && !dateExists(m[1])) return { problem: say("dateExists", about(f, { shown: show(value), raw: value })) };
      var hour = m[1] ? m[2] : m[4], minute = m[1] ? m[3] : m[5];
      if (hour !== undefined && (Number(hour) > 23 || Number(minute) > 59)) {
        return { problem: say("hour", about(f, { time: hour + ":" + minute })) };
      }
      return { day: m[1] || null, time: hour !== undefined ? Number(hour) * 60 + Number(minute) : null, problem: "" };
    }

    // validate._check_moments: the end (if any) not before the start, both with times or neither.
    function momentOrder(type, values, problems) {
      var start = type.fields.find(function (f) { return f.kind === "moment"; });
      var end = type.fields.find(function (f) { return f.kind === "end"; });
      if (!start || !end || problems[start.name] || problems[end.name] || isEmpty(values[start.name]) ||
          isEmpty(values[end.name])) return;
      var a = moment(start, values[start.name]), b = moment(end, values[end.name]);
      var p = about(end, { start: start.name, startLabel: start.label, startLabelLower: lowerFirst(start.label),
                           day: a.day, value: values[end.name],
                           other: values[start.name] });
      if (!b.day && a.time === null) problems[end.name] = say("endTimeOnly", p);
      else if (b.day && (a.time === null) !== (b.time === null)) problems[end.name] = say("endKind", p);
      else {
        var day = b.day || a.day, endTime = b.time === null ? 0 : b.time, startTime = a.time === null ? 0 : a.time;
        if (day < a.day || (day === a.day && (endTime < startTime || (b.time !== null && b.time === a.time)))) {
          problems[end.name] = say("endOrder", p);
        }
      }
    }

    function oneOf(type, values, problems) {
      (type.oneOf || []).forEach(function (group) {
        if (group.some(function (n) { return !isEmpty(values[n]); }) || problems[group[0]]) return;
        var labels = group.map(function (n) { return fieldOf(type, n).label; });
        problems[group[0]] = say("oneOf", { type: type.label.toLowerCase(), first: group[0], last: group[group.length - 1],
          fields: oneOfWords(group), firstLabel: labels[0], lastLabel: labels[labels.length - 1],
          firstLabelLower: lowerFirst(labels[0]), lastLabelLower: lowerFirst(labels[labels.length - 1]) });
      });
    }

    function fieldOf(type, name) {
      return type.fields.find(function (f) { return f.name === name; }) || { name: name, label: name, help: "" };
    }

    function freeSlug(typeName, slug) {
      var taken = slugsOf(typeName) || new Set();
      if (!taken.has(slug)) return slug;
      for (var n = 2; ; n++) {
        if (!taken.has(slug + "-" + n)) return slug + "-" + n;
      }
    }

    function slugProblem(typeName, slug, title) {
      if (!slug) return title ? say("noSlug", { title: title }) : "";
      if (!re.slug.test(slug)) {
        var suggestion = slug.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || messages.slugFallback;
        return say("slug", { slug: slug, suggestion: suggestion });
      }
      var free = freeSlug(typeName, slug);
      return free === slug ? "" : say("taken", { type: typeName, slug: slug, free: free, typeLower: typeLabel.toLowerCase(),
                                                 path: "content/" + typeName + "/" + slug + ".md" });
    }

    // The story without the comments that never show (the scaffold's prompt): is there one?
    function hasStory(body) { return !!(body || "").replace(/<!--[\s\S]*?(?:-->|$)/g, "").trim(); }

    // {field name: message} for an entry as the form holds it; "slug" is the file name; "body" the
    // story, checked when it is given (a type may require it).
    function check(type, values, slug, body) {
      var problems = {};
      typeLabel = type.label;
      type.fields.forEach(function (f) {
        var message = field(f, values[f.name]);
        if (message) problems[f.name] = message;
      });
      rules.yearOrder.forEach(function (pair) {
        var a = values[pair[0]], b = values[pair[1]];
        if (problems[pair[0]] || problems[pair[1]] || !/^[0-9]+$/.test(a || "") || !/^[0-9]+$/.test(b || "")) return;
        if (parseInt(b, 10) < parseInt(a, 10)) {
          problems[pair[1]] = say("yearOrder", about(fieldOf(type, pair[1]), { value: parseInt(b, 10), before: pair[0],
            beforeLabel: fieldOf(type, pair[0]).label, beforeLabelLower: lowerFirst(fieldOf(type, pair[0]).label),
            other: parseInt(a, 10) }));
        }
      });
      momentOrder(type, values, problems);
      oneOf(type, values, problems);
      var wrongSlug = slugProblem(type.name, slug, values.title || "");
      if (wrongSlug) problems.slug = wrongSlug;
      if (body !== undefined && type.story && !hasStory(body)) {
        problems.body = say("noStory", { type: type.label.toLowerCase(), prompt: type.prompt });
      }
      return problems;
    }

    return { check: check, field: field, freeSlug: freeSlug, quote: quote };
  }

  function choiceWords(f, value, themes) {
    var options = f.kind === "themes" ? themes : (f.choices || []);
    return [].concat(value).map(function (v) {
      var o = options.find(function (c) { return c[0] === v; });
      return o ? o[1] : v;
    });
  }

  // An event's "2027-03-01 14:00" as people write it: "1-3-2027 om 14:00"; a time alone stays.
  function momentWords(messages, value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}:\d{2}))?$/.exec(value);
    if (!m) return value;
    var day = Number(m[3]) + "-" + Number(m[2]) + "-" + m[1];
    return m[4] ? fill(messages.readAt, { day: day, time: m[4] }) : day;
  }

  /* The submission in words: a label and a value a person reads on each line, lists as lines with
   * "- ", relations by their titles ("(nieuw in de oogst)" after a name the harvest lacks), the
   * story last. `titles`: {type: {slug: title}}; `newNames`: {relation field: [names]}. Intake
   * (tools/intake.py) reads it back. */
  function readable(model, type, values, body, newNames, titles, withStory) {
    var messages = model.messages, lines = [messages.readType + ": " + type.label];
    type.fields.forEach(function (f) {
      var v = values[f.name], items = null;
      if (f.derived) return;
      if (f.kind === "relation") {
        var names = (v || []).map(function (slug) { return (titles[f.name] || {})[slug] || slug; });
        items = names.concat(((newNames || {})[f.name] || []).map(function (n) { return n + " (" + messages.readNew + ")"; }));
      } else if (isEmpty(v)) {
        return;
      } else if (f.kind === "links") {
        items = v.map(function (l) { return (l.title || "") + ": " + (l.url || ""); });
      } else if (f.kind === "texts") {
        items = v;
      }
      if (items) {
        if (items.length) lines.push(f.label + ":", items.map(function (i) { return "- " + i; }).join("\n"));
        return;
      }
      var words = f.kind === "choice" || f.kind === "choices" || f.kind === "themes" ?
        choiceWords(f, v, model.themes).join(", ") : f.kind === "moment" || f.kind === "end" ? momentWords(messages, v) : String(v);
      lines.push(f.label + ": " + words);
    });
    var text = lines.join("\n");
    var story = (body || "").replace(/\r\n?/g, "\n").replace(/^\n+|\n+$/g, "");
    if (withStory && story) text += "\n\n" + messages.readStory + ":\n" + story;
    return text;
  }

  // The mail to the editors and the issue: the submission in words, then the file below a marked line.
  function submission(model, type, values, body, newNames, titles, file) {
    return readable(model, type, values, body, newNames, titles, true) + "\n\n" + model.messages.readMark + "\n" + file;
  }

  // Where the buttons lead. The mail and the issue carry the whole submission; where that makes a
  // link too long for mail programs (mailMax) or GitHub (urlMax), the link carries the part in
  // words and the page says to paste the rest (`mailShort`, `issueShort`). GitHub's new-file page
  // proposes the change (in a fork for people without write access); above urlMax only the file
  // name goes in the address.
  function outlets(model, type, values, slug, text, newNames, titles, body) {
    var repo = model.repository, messages = model.messages;
    var full = submission(model, type, values, body, newNames, titles, text);
    var short = readable(model, type, values, body, newNames, titles, false) + "\n\n" + messages.readRest;
    var subject = fill(messages.mailSubject, { title: values.title || slug });
    var mailTo = "mailto:" + model.editors + "?subject=" + encodeURIComponent(subject) + "&body=";
    var mail = mailTo + encodeURIComponent(full);
    var mailShort = mail.length > model.rules.mailMax;
    var issueTo = repo.issue + "&title=" + encodeURIComponent(subject) + "&inzending=";
    var issue = issueTo + encodeURIComponent(full);
    var issueShort = issue.length > model.rules.urlMax;
    var page = repo.url + "/new/" + repo.branch + "/" + repo.content + "/" + type.name +
      "?filename=" + encodeURIComponent(slug + ".md");
    var github = page + "&value=" + encodeURIComponent(text);
    var long = github.length > model.rules.urlMax;
    return {
      text: full,
      mail: mailShort ? mailTo + encodeURIComponent(short) : mail,
      mailShort: mailShort,
      issue: issueShort ? issueTo + encodeURIComponent(short) : issue,
      issueShort: issueShort,
      github: long ? page : github,
      tooLong: long,
      download: "data:text/markdown;charset=utf-8," + encodeURIComponent(text),
      filename: slug + ".md"
    };
  }

  /* A small, safe subset of Markdown for the preview, as a tree of {tag, children, href}
   * (the page makes DOM nodes of it with textContent; no HTML is ever parsed): headings, lists,
   * quotes, code blocks, paragraphs; emphasis, code and http(s) links inside. */
  // Each part stops at the next character that could open another: linear in the text's length,
  // whatever is pasted.
  function inline(text) {
    var out = [], pattern = /`([^`]+)`|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*]+)\*|_([^_]+)_|\[([^[\]]+)\]\(([^()\s]+)\)/g;
    var last = 0, m;
    while ((m = pattern.exec(text))) {
      if (m.index > last) out.push(text.slice(last, m.index));
      if (m[1]) out.push({ tag: "code", children: [m[1]] });
      else if (m[2] || m[3]) out.push({ tag: "strong", children: inline(m[2] || m[3]) });
      else if (m[4] || m[5]) out.push({ tag: "em", children: inline(m[4] || m[5]) });
      else if (/^https?:\/\//.test(m[7])) out.push({ tag: "a", href: m[7], children: inline(m[6]) });
      else out.push(m[6]);
      last = pattern.lastIndex;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

  function markdown(source, depth) {
    depth = depth || 0;
    var lines = (source || "").replace(/\r\n?/g, "\n").split("\n"), blocks = [], i = 0;
    function para(buffer) { if (buffer.length) blocks.push({ tag: "p", children: inline(buffer.join(" ")) }); }
    var buffer = [];
    while (i < lines.length) {
      var line = lines[i], m;
      if (/^\s*$/.test(line)) { para(buffer); buffer = []; i++; continue; }
      if (/^(```|~~~)/.test(line)) {
        para(buffer); buffer = [];
        var fence = line.slice(0, 3), code = [];
        for (i++; i < lines.length && lines[i].indexOf(fence) !== 0; i++) code.push(lines[i]);
        blocks.push({ tag: "pre", children: [{ tag: "code", children: [code.join("\n")] }] });
        i++;
        continue;
      }
      if ((m = /^(#{1,6})[ \t]+(.*)$/.exec(line))) {
        para(buffer); buffer = [];
        var heading = m[2].trimEnd();
        while (heading.endsWith("#")) heading = heading.slice(0, -1);
        m[2] = heading.trimEnd();
        // Below the preview's own heading: a body's ## is a third-level heading here.
        blocks.push({ tag: "h" + Math.min(6, Math.max(3, m[1].length + 1)), children: inline(m[2]) });
        i++;
        continue;
      }
      if (/^\s{0,3}([-*+]|\d+[.)])\s+/.test(line)) {
        para(buffer); buffer = [];
        var ordered = /^\s{0,3}\d/.test(line), items = [];
        while (i < lines.length && /^\s{0,3}([-*+]|\d+[.)])\s+/.test(lines[i])) {
          items.push({ tag: "li", children: inline(lines[i].replace(/^\s{0,3}([-*+]|\d+[.)])\s+/, "")) });
          i++;
        }
        blocks.push({ tag: ordered ? "ol" : "ul", children: items });
        continue;
      }
      if (/^\s{0,3}>/.test(line) && depth < 8) { // deeper quotes stay text: bounded recursion
        para(buffer); buffer = [];
        var quoted = [];
        while (i < lines.length && /^\s{0,3}>/.test(lines[i])) quoted.push(lines[i++].replace(/^\s{0,3}>\s?/, ""));
        blocks.push({ tag: "blockquote", children: markdown(quoted.join("\n"), depth + 1) });
        continue;
      }
      if (/^<!--/.test(line)) { // a comment (the scaffold's prompt) never shows on the site
        while (i < lines.length && lines[i].indexOf("-->") < 0) i++;
        i++;
        continue;
      }
      buffer.push(line.trim());
      i++;
    }
    para(buffer);
    return blocks;
  }

  return { slugify: slugify, yamlScalar: yamlScalar, entryText: entryText, isbnValid: isbnValid,
           Checker: Checker, outlets: outlets, readable: readable, submission: submission,
           markdown: markdown, show: show, fill: fill, lowerFirst: lowerFirst };
}));
