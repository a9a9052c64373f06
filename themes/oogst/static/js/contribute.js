/* Oogst, gettext("Deel je oogst") (/meedoen/): the form, built from the form data (meedoen/formulier.json,
 * generated from the content model), checked while typing with contribute-rules.js, previewed,
 * and sent to the editors: by mail (the submission in words, the file below a marked line), as a
 * GitHub issue opened pre-filled (a workflow turns it into a pull request), or, for people who use
 * Git, as a pull request or a download. Nothing leaves the browser until one of those
 * is clicked; the state lives in sessionStorage (gone with the tab). No HTML is parsed: every
 * node is made here and user text only ever goes in as text. */
(function () {
  "use strict";

  var root = document.querySelector("[data-contribute]");
  var R = window.OogstContribute;
  if (!root || !R || !window.fetch) return;
  var STORE = "oogst-meedoen";

  // Interface text: Dutch in the source; another language's from <html data-i18n> (i18n.py).
  var strings = JSON.parse(document.documentElement.getAttribute("data-i18n") || "{}");
  function gettext(text) { return typeof strings[text] === "string" ? strings[text] : text; }
  function ngettext(one, many, n) { return (strings[one] || [one, many])[n === 1 ? 0 : 1]; }
  var uid = 0;

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else node.setAttribute(key, value === true ? "" : value);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function load() {
    var stored;
    try { stored = JSON.parse(sessionStorage.getItem(STORE)); } catch (e) { return null; }
    return sane(stored) ? stored : null;
  }

  // What sessionStorage holds may be anything (an older version of this page, a hand edit, another
  // script of the site): only a state of the shape read() writes is used, else the form starts
  // empty. `{"type": "__proto__"}` would otherwise name Object.prototype as the entry's type.
  function sane(s) {
    function plain(o) {
      return o !== null && typeof o === "object" && Object.getPrototypeOf(o) === Object.prototype;
    }
    function name(k) { return typeof k === "string" && /^[a-z0-9_-]*$/.test(k) && !(k in Object.prototype); }
    function text(v) { return typeof v === "string"; }
    function value(v) {
      return text(v) || Array.isArray(v) && v.every(function (i) {
        return text(i) || plain(i) && Object.keys(i).every(function (k) { return name(k) && text(i[k]); });
      });
    }
    if (!plain(s) || !name(s.type)) return false;
    if (s.values !== undefined && !(plain(s.values) && Object.keys(s.values).every(function (k) {
      return name(k) && value(s.values[k]);
    }))) return false;
    return ["body", "slug"].every(function (k) { return s[k] === undefined || text(s[k]); }) &&
      (s.slugEdited === undefined || typeof s.slugEdited === "boolean");
  }

  fetch(root.getAttribute("data-src")).then(function (r) { return r.json(); }).then(start)
    .catch(function () { /* the page's own text explains the other ways */ });

  function start(model) {
    var lists = {}, loading = {};
    var checker = R.Checker(model, lists);
    var types = {};
    model.types.forEach(function (t) { types[t.name] = t; });
    var site = root.getAttribute("data-site");

    // A type's entries ([slug, title]), fetched once, when the form first needs them.
    function need(typeName) {
      if (!loading[typeName]) {
        loading[typeName] = fetch(site + types[typeName].entries).then(function (r) { return r.json(); })
          .then(function (list) { lists[typeName] = list; return list; });
      }
      return loading[typeName];
    }
    var themeTitles = {};
    model.themes.forEach(function (t) { themeTitles[t[0]] = t[1]; });
    var state = load() || {};
    if (!types[state.type]) state = { type: "", values: {}, body: "", slug: "" };
    state.values = state.values || {};
    state.newNames = state.newNames || {};  // per relation: names typed that the harvest lacks
    state.parts = state.parts || {};  // per day field: [day, month, year, hour] as typed
    // Touch screens have no arrow keys: the pickers' hint says to tap.
    var touch = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    var touched = {};
    var pickers = {};
    var shownResult = false;

    var noscript = document.querySelector("[data-contribute-noscript]");
    if (noscript) noscript.hidden = true;

    // The error summary (GOV.UK's pattern): on submit, every problem, linked to its field.
    var summaryList = el("ul");
    var summary = el("div", { class: "error-summary", tabindex: "-1", "aria-labelledby": "fout-kop", hidden: true },
      el("h2", { id: "fout-kop", text: gettext("Er is een probleem") }),
      el("p", { text: gettext("Verbeter wat hieronder staat. Daarna kun je je inzending versturen.") }), summaryList);

    var typeError = el("p", { class: "field-error", id: "fout-soort", hidden: true });
    var typeChoice = el("fieldset", { class: "type-choice", "aria-describedby": "hint-type fout-soort", id: "veld-soort", tabindex: "-1" },
      el("legend", { text: gettext("Wat wil je delen?") }),
      el("p", { class: "hint", id: "hint-type", text: gettext("Kies de soort inzending; de vragen hieronder passen zich aan.") }), typeError);
    model.types.forEach(function (t) {
      var id = "soort-" + t.name;
      typeChoice.appendChild(el("div", { class: "choice" },
        el("input", { type: "radio", name: "soort", id: id, value: t.name, checked: state.type === t.name }),
        el("label", { for: id }, el("strong", { text: t.label }), " ", el("span", { class: "muted", text: t.description }))));
    });

    var fields = el("div", { class: "fields" });
    var submit = el("button", { type: "submit", text: gettext("Controleer je inzending") });
    var form = el("form", { class: "contribute-form", novalidate: true, "aria-label": gettext("Deel je oogst") },
      typeChoice, fields, el("p", {}, submit));

    var previewCard = el("ul", { class: "cards preview-cards" });
    var previewPage = el("div", { class: "preview-page" });
    var preview = el("section", { class: "preview", "aria-labelledby": "voorbeeld-kop", hidden: true },
      el("h2", { id: "voorbeeld-kop", text: gettext("Zo ziet je inzending eruit") }),
      el("p", { class: "muted", text: gettext("Voorbeeld bij benadering: de site zet de tekst zelf om; koppen, lijsten, nadruk en links zie je hier al.") }),
      el("h3", { text: gettext("Als kaart in een overzicht") }), previewCard,
      el("h3", { text: gettext("Bovenaan de eigen pagina") }), previewPage);

    var resultHeading = el("h2", { id: "klaar-kop", tabindex: "-1", text: gettext("Je inzending is klaar om te versturen") });
    var mail = el("a", { class: "button", "data-out": "mail", text: gettext("Mail naar de redactie") });
    var copy = el("button", { type: "button", class: "secondary", "data-copy": true, text: gettext("Kopieer de tekst") });
    var mailShort = el("p", { class: "note", hidden: true, "data-mail-short": true,
      text: gettext("Je verhaal is te lang voor de mailknop: de mail die opent, bevat je antwoorden. Klik op Kopieer de tekst en plak alles in je mail, onder wat er al staat.") });
    var mailText = el("pre", { class: "file", tabindex: "0", "aria-labelledby": "mailtekst-kop", "data-mail-text": true });
    var issue = el("a", { class: "button", rel: "noopener", "data-out": "issue", text: gettext("Open het formulier op GitHub") });
    var issueShort = el("p", { class: "note", hidden: true, "data-issue-short": true,
      text: gettext("Je verhaal is te lang om mee te geven: klik eerst op Kopieer de tekst, en plak alles op GitHub in het vak Je inzending.") });
    var github = el("a", { rel: "noopener", "data-out": "github", text: gettext("Stel het bestand voor als pull request") });
    var download = el("a", { "data-out": "download", text: gettext("Download het bestand") });
    var longNote = el("p", { class: "note", hidden: true, "data-too-long": true });
    var copied = el("p", { role: "status", class: "muted", "data-copied": true });
    var fileText = el("pre", { class: "file", tabindex: "0", "aria-labelledby": "bestand-kop" });
    var address = model.editors;
    var next = document.querySelector("[data-contribute-next]");
    var result = el("section", { class: "result", "aria-labelledby": "klaar-kop", hidden: true },
      resultHeading,
      el("p", { text: gettext("Alles wat nodig is, staat erin. Kies hoe je het naar de redactie stuurt: de eerste manier is voor iedereen.") }),
      el("section", { class: "ending", "aria-labelledby": "mail-kop" },
        el("h3", { id: "mail-kop", text: gettext("Stuur naar de redactie") }),
        el("p", { text: gettext("Je mailprogramma opent een mail aan {address} met je inzending erin. Je hoeft alleen op Verzenden te klikken.").replace("{address}", address) }),
        el("p", { class: "actions" }, mail, " ", copy), mailShort, copied,
        el("p", { text: gettext("Geen mailprogramma, of mail je liever vanuit je webmail? Klik op Kopieer de tekst en plak ze in een mail aan {address}.").replace("{address}", address) }),
        el("details", {}, el("summary", { id: "mailtekst-kop", text: gettext("Bekijk de tekst van de mail") }), mailText)),
      el("section", { class: "ending", "aria-labelledby": "issue-kop" },
        el("h3", { id: "issue-kop", text: gettext("Via GitHub, zonder Git") }),
        el("p", { text: gettext("Heb je een GitHub-account? Dan opent GitHub een formulier waarin je inzending al staat. Klik daar op Submit new issue: de redactie krijgt een voorstel, en jij ziet op GitHub wat ermee gebeurt.") }),
        el("p", {}, issue), issueShort),
      el("details", { class: "ending" },
        el("summary", { text: gettext("Werk je met Git? Een pull request of het bestand") }),
        el("p", {}, github), longNote,
        el("p", {}, download),
        el("ol", {},
          el("li", { text: gettext("Zet het bestand in de map content/{folder}/ van je kopie van de oogst.") }),
          el("li", { text: gettext("Controleer het met make validate, en bekijk de pagina met make serve.") }),
          el("li", { text: gettext("Open een pull request: een redacteur leest het na en voegt het samen.") })),
        el("h4", { id: "bestand-kop", text: gettext("Het bestand") }), fileText),
      next);
    if (next) next.hidden = false;

    var status = el("p", { class: "visually-hidden", role: "status", "aria-live": "polite" });
    root.appendChild(summary);
    root.appendChild(form);
    root.appendChild(preview);
    root.appendChild(result);
    root.appendChild(status);
    root.hidden = false;

    function currentType() { return types[state.type]; }

    // ---- fields -------------------------------------------------------------------------
    function described(name, extra) { return ["hint-" + name, "fout-" + name].concat(extra || []).join(" "); }

    function parts(name, label, help) {
      return {
        hint: el("p", { class: "hint", id: "hint-" + name, text: help }),
        error: el("p", { class: "field-error", id: "fout-" + name, hidden: true })
      };
    }

    function textControl(f, tag, attrs) {
      var p = parts(f.name, f.label, f.help);
      var control = el(tag, Object.assign({ id: "veld-" + f.name, name: f.name, "aria-describedby": described(f.name) }, attrs));
      var box = el("div", { class: "field", "data-field": f.name },
        el("label", { for: "veld-" + f.name, text: f.required ? f.label : gettext("{label} (optioneel)").replace("{label}", f.label) }), p.hint, p.error, control);
      return box;
    }

    function group(f, type, options) {
      var p = parts(f.name, f.label, f.help);
      var set = el("fieldset", { class: "field", "data-field": f.name, "aria-describedby": described(f.name), id: "veld-" + f.name, tabindex: "-1" },
        el("legend", { text: f.required ? f.label : gettext("{label} (optioneel)").replace("{label}", f.label) }), p.hint, p.error);
      options.forEach(function (o, i) {
        var id = "veld-" + f.name + "-" + i;
        set.appendChild(el("div", { class: "choice" },
          el("input", { type: type, name: f.name, id: id, value: o[0] }), el("label", { for: id, text: o[1] })));
      });
      return set;
    }

    function rows(f) {
      var p = parts(f.name, f.label, f.help);
      var list = el("ul", { class: "rows" });
      var add = el("button", { type: "button", class: "secondary", text: f.kind === "links" ? gettext("Voeg een link toe") : gettext("Voeg er een toe") });
      var box = el("fieldset", { class: "field", "data-field": f.name, "aria-describedby": described(f.name), id: "veld-" + f.name, tabindex: "-1" },
        el("legend", { text: gettext("{label} (optioneel)").replace("{label}", f.label) }), p.hint, p.error, list, add);
      function row(value) {
        var n = ++uid, li = el("li", { class: f.kind === "links" ? "row link-row" : "row" });
        if (f.kind === "links") {
          li.appendChild(el("label", { for: "rij-" + n + "-t", text: gettext("Titel") }));
          li.appendChild(el("input", { type: "text", id: "rij-" + n + "-t", "data-part": "title", value: (value && value.title) || "" }));
          li.appendChild(el("label", { for: "rij-" + n + "-u", text: gettext("Adres") }));
          li.appendChild(el("input", { type: "url", id: "rij-" + n + "-u", "data-part": "url", value: (value && value.url) || "", placeholder: "https://…" }));
        } else {
          li.appendChild(el("label", { for: "rij-" + n, class: "visually-hidden", text: f.label + " " + (list.children.length + 1) }));
          li.appendChild(el("input", { type: "text", id: "rij-" + n, "data-part": "text", value: value || "" }));
        }
        var remove = el("button", { type: "button", class: "secondary", text: gettext("Verwijder") });
        remove.setAttribute("aria-label", gettext("Verwijder deze regel uit {field}").replace("{field}", f.label.toLowerCase()));
        remove.addEventListener("click", function () {
          li.remove();
          add.focus();
          changed();
        });
        li.appendChild(remove);
        list.appendChild(li);
        return li;
      }
      add.addEventListener("click", function () {
        row().querySelector("input").focus();
        changed();
      });
      box.fill = function (values) {
        list.textContent = "";
        (values && values.length ? values : [f.kind === "links" ? {} : ""]).forEach(row);
      };
      return box;
    }

    function fold(text) { return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase(); }

    // A relation: a combobox over the entries of that type (ARIA 1.2 combobox with a listbox).
    function picker(f) {
      var p = parts(f.name, f.label, f.help);
      var chosen = [];
      var input = el("input", { type: "text", id: "veld-" + f.name, role: "combobox", "aria-autocomplete": "list",
        "aria-expanded": "false", "aria-controls": "lijst-" + f.name, autocomplete: "off",
        "aria-describedby": described(f.name), placeholder: gettext("Typ een naam") });
      var listbox = el("ul", { id: "lijst-" + f.name, role: "listbox", class: "listbox", "aria-label": f.label, hidden: true });
      var picked = el("ul", { class: "picked", "aria-label": gettext("Gekozen {field}").replace("{field}", f.label.toLowerCase()) });
      var box = el("div", { class: "field picker", "data-field": f.name },
        el("label", { for: "veld-" + f.name, text: gettext("{label} (optioneel)").replace("{label}", f.label) }),
        el("p", { class: "hint", id: "hint-" + f.name, text: touch ?
          gettext("Typ een deel van de naam en tik op een suggestie. Staat de naam er niet bij, dan houden we wat je typt als nieuwe naam.") :
          gettext("Typ een deel van de naam en kies met de pijltjes en Enter. Staat de naam er niet bij, druk dan op Enter: we houden wat je typt als nieuwe naam.") }),
        p.error, picked, input, listbox);
      var options = [], active = -1;

      function title(slug) {
        var e = (lists[f.name] || []).find(function (x) { return x[0] === slug; });
        return e ? e[1] : slug;
      }
      function drawPicked() {
        picked.textContent = "";
        var fresh = state.newNames[f.name] || [];
        fresh.forEach(function (name) {
          var remove = el("button", { type: "button", class: "secondary", text: "×" });
          remove.setAttribute("aria-label", gettext("Verwijder {title}").replace("{title}", name));
          remove.addEventListener("click", function () {
            fresh.splice(fresh.indexOf(name), 1);
            drawPicked();
            input.focus();
            changed();
          });
          picked.appendChild(el("li", { class: "new" }, el("span", { text: name }), " ",
            el("span", { class: "muted", text: gettext("nieuw in de oogst") }), " ", remove));
        });
        chosen.forEach(function (slug) {
          var remove = el("button", { type: "button", class: "secondary", text: "×" });
          remove.setAttribute("aria-label", gettext("Verwijder {title}").replace("{title}", title(slug)));
          remove.addEventListener("click", function () {
            chosen.splice(chosen.indexOf(slug), 1);
            drawPicked();
            input.focus();
            changed();
          });
          picked.appendChild(el("li", {}, el("span", { text: title(slug) }), " ", remove));
        });
      }
      function close() {
        listbox.hidden = true;
        input.setAttribute("aria-expanded", "false");
        input.removeAttribute("aria-activedescendant");
        active = -1;
      }
      function highlight(i) {
        active = i;
        options.forEach(function (o, j) { o.node.setAttribute("aria-selected", j === i ? "true" : "false"); });
        if (i >= 0) {
          input.setAttribute("aria-activedescendant", options[i].node.id);
          options[i].node.scrollIntoView({ block: "nearest" });
        }
      }
      // A name that matches no entry is kept as typed and travels with the submission.
      function keepNew() {
        var name = input.value.trim().split(/\s+/).join(" ");
        if (!name) return;
        var fresh = state.newNames[f.name] = state.newNames[f.name] || [];
        var known = (lists[f.name] || []).find(function (e) { return fold(e[1]) === fold(name); });
        if (known && chosen.indexOf(known[0]) < 0) chosen.push(known[0]);
        else if (!known && fresh.indexOf(name) < 0) fresh.push(name);
        input.value = "";
        close();
        drawPicked();
        status.textContent = known ? gettext("{title} toegevoegd.").replace("{title}", known[1]) :
          gettext("{title} toegevoegd als nieuw in de oogst.").replace("{title}", name);
        changed();
      }
      function choose(i) {
        chosen.push(options[i].slug);
        input.value = "";
        close();
        drawPicked();
        status.textContent = gettext("{title} toegevoegd.").replace("{title}", options[i].title);
        changed();
      }
      function open() {
        var q = fold(input.value.trim());
        listbox.textContent = "";
        options = [];
        if (!q) { close(); return; }
        (lists[f.name] || []).filter(function (e) {
          return chosen.indexOf(e[0]) < 0 && (fold(e[1]).indexOf(q) >= 0 || e[0].indexOf(q) >= 0);
        }).slice(0, 8).forEach(function (e, i) {
          var node = el("li", { role: "option", id: "optie-" + f.name + "-" + i, "aria-selected": "false", text: e[1] });
          node.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(i); });
          options.push({ slug: e[0], title: e[1], node: node });
          listbox.appendChild(node);
        });
        listbox.hidden = !options.length;
        input.setAttribute("aria-expanded", options.length ? "true" : "false");
        status.textContent = options.length
          ? ngettext("{n} suggestie", "{n} suggesties", options.length).replace("{n}", options.length)
          : gettext("Geen {field} gevonden").replace("{field}", f.label.toLowerCase());
        highlight(options.length ? 0 : -1);
      }
      input.addEventListener("input", function (ev) { ev.stopPropagation(); need(f.name).then(open); });
      input.addEventListener("focus", function () { need(f.name); });
      input.addEventListener("keydown", function (ev) {
        if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
          ev.preventDefault();
          if (listbox.hidden) { open(); return; }
          var n = options.length;
          if (n) highlight((active + (ev.key === "ArrowDown" ? 1 : n - 1)) % n);
        } else if (ev.key === "Enter") {
          ev.preventDefault(); // choosing, never sending the form
          if (!listbox.hidden && active >= 0) choose(active);
          else keepNew();
        } else if (ev.key === "Escape") {
          close();
        }
      });
      input.addEventListener("blur", function () {
        close();
        // Typed and left: kept as a new name, never dropped without a word.
        if (input.value.trim()) need(f.name).then(keepNew);
      });
      pickers[f.name] = { get: function () { return chosen.slice(); },
                          set: function (v) { chosen = (v || []).slice(); drawPicked(); } };
      return box;
    }

    // A day as GOV.UK asks it: day, month and year in figures, and for an event the hour.
    function dayBox(f) {
      var p = parts(f.name, f.label, f.help);
      var set = el("fieldset", { class: "field day", "data-field": f.name, "aria-describedby": described(f.name), id: "veld-" + f.name, tabindex: "-1" },
        el("legend", { text: f.required ? f.label : gettext("{label} (optioneel)").replace("{label}", f.label) }), p.hint, p.error);
      var row = el("div", { class: "day-parts" });
      [["dag", gettext("Dag"), "2"], ["maand", gettext("Maand"), "2"], ["jaar", gettext("Jaar"), "4"], ["uur", gettext("Uur (bv. 14:00)"), "5"]]
        .forEach(function (part) {
          var id = "veld-" + f.name + "-" + part[0];
          row.appendChild(el("div", { class: "day-part day-" + part[0] }, el("label", { for: id, text: part[1] }),
            el("input", { type: "text", id: id, "data-part": part[0], inputmode: part[0] === "uur" ? "text" : "numeric",
                          maxlength: "12", autocomplete: "off", class: "w" + part[2] })));
        });
      set.appendChild(row);
      return set;
    }

    // "14", "14u", "14.30", "14u30" -> "14:00", "14:30"; anything else as typed (the check says so).
    function hour(text) {
      var m = /^(\d{1,2})(?:\s*[:.hu]\s*(\d{2})?)?\s*u?$/.exec(text);
      return m ? ("0" + m[1]).slice(-2) + ":" + (m[2] || "00") : text;
    }

    function pad(text) { return /^\d$/.test(text) ? "0" + text : text; }

    // The day as the file writes it ("2027-03-01 14:00"), from the parts as typed.
    function dayValue(parts) {
      var d = parts[0], mo = parts[1], y = parts[2], t = parts[3] ? hour(parts[3]) : "";
      if (!d && !mo && !y) return t;
      var day = y + "-" + pad(mo) + "-" + pad(d);
      return t ? day + " " + t : day;
    }

    function fieldBox(f) {
      if (f.kind === "moment" || f.kind === "end") return dayBox(f);
      if (f.kind === "relation") return picker(f);
      if (f.kind === "links" || f.kind === "texts") return rows(f);
      if (f.kind === "themes") return group(f, "checkbox", model.themes);
      if (f.kind === "choices") return group(f, "checkbox", f.choices);
      if (f.kind === "choice" && f.required) return group(f, "radio", f.choices);
      if (f.kind === "choice") {
        var box = textControl(f, "select", {});
        var select = box.querySelector("select");
        select.appendChild(el("option", { value: "", text: gettext("(niet ingevuld)") }));
        f.choices.forEach(function (o) { select.appendChild(el("option", { value: o[0], text: o[1] })); });
        return box;
      }
      if (f.kind === "plaintext") return textControl(f, "textarea", { rows: "3" });
      var attrs = { type: { url: "url", email: "email" }[f.kind] || "text" };
      if (f.kind === "year") { attrs.inputmode = "numeric"; attrs.class = "short"; }
      if (f.kind === "date") { attrs.class = "short"; attrs.placeholder = gettext("JJJJ-MM-DD"); }
      if (f.kind === "url") attrs.placeholder = "https://…";
      if (f.pattern && f.example) attrs.placeholder = f.example; // a kind of its own (an event's time)
      return textControl(f, "input", attrs);
    }

    function bodyBox(t) {
      var box = textControl({ name: "body", label: gettext("Je verhaal"), required: t.story,
        help: t.prompt + " " + gettext("Een witregel begint een nieuwe alinea.") }, "textarea", { rows: "10" });
      // Translators: the lines of this cheat sheet are fragments around the code examples.
      box.appendChild(el("details", { class: "cheatsheet" }, el("summary", { text: gettext("Kopjes, lijsten en links (als je wilt)") }),
        el("ul", {},
          el("li", {}, el("code", { text: "## Kopje" }), gettext(" voor een tussenkop")),
          el("li", {}, el("code", { text: "- punt" }), gettext(" voor een opsomming, "), el("code", { text: "1. stap" }), gettext(" voor genummerde stappen")),
          el("li", {}, el("code", { text: "**vet**" }), gettext(" en "), el("code", { text: "*schuin*" })),
          el("li", {}, el("code", { text: "[tekst](https://…)" }), gettext(" voor een link")),
          el("li", {}, gettext("een witregel begint een nieuwe alinea")))));
      return box;
    }

    function drawFields() {
      fields.textContent = "";
      var t = currentType();
      preview.hidden = !t;
      if (!t) return;
      var required = el("section", { "aria-labelledby": "verplicht-kop" }, el("h2", { id: "verplicht-kop", text: gettext("{type}: wat er zeker in moet").replace("{type}", t.label) }));
      var optional = el("section", { "aria-labelledby": "optioneel-kop" }, el("h2", { id: "optioneel-kop", text: gettext("Wat je er nog over weet (optioneel)") }));
      var related = el("section", { "aria-labelledby": "verbanden-kop" }, el("h2", { id: "verbanden-kop", text: gettext("Verbanden met wat al in de oogst staat (optioneel)") }),
        el("p", { class: "hint", text: gettext("Noem projecten, mensen of organisaties die erbij horen: beide pagina's tonen dan het verband.") }));
      t.fields.forEach(function (f) {
        if (f.derived) return;  // the day it is sent: filled in, not asked
        var target = f.group === "required" ? required : f.group === "relation" ? related : optional;
        target.appendChild(fieldBox(f));
        if (f.name === "title") target.lastChild.appendChild(el("p", { class: "note", id: "al-" + t.name, hidden: true, "data-title-taken": true }));
      });
      (t.story ? required : optional).appendChild(bodyBox(t));
      fields.appendChild(required);
      fields.appendChild(optional);
      fields.appendChild(related);
      restore(t);
    }

    // ---- state ----------------------------------------------------------------------------
    function box(name) { return fields.querySelector('[data-field="' + name + '"]'); }

    function restore(t) {
      t.fields.forEach(function (f) {
        var b = box(f.name), v = state.values[f.name];
        if (f.derived) return;
        if (f.kind === "moment" || f.kind === "end") {
          var typed = state.parts[f.name] || [];
          b.querySelectorAll("input").forEach(function (i, k) { i.value = typed[k] || ""; });
        } else if (f.kind === "relation") pickers[f.name].set(v);
        else if (b.fill) b.fill(v);
        else if (b.querySelector("input[type=checkbox], input[type=radio]")) {
          b.querySelectorAll("input").forEach(function (i) {
            i.checked = Array.isArray(v) ? v.indexOf(i.value) >= 0 : v === i.value;
          });
        } else b.querySelector("input, select, textarea").value = v || "";
      });
      box("body").querySelector("textarea").value = state.body || "";
    }

    function read() {
      var t = currentType();
      t.fields.forEach(function (f) {
        var b = box(f.name);
        if (f.derived) state.values[f.name] = model.today;
        else if (f.kind === "moment" || f.kind === "end") {
          state.parts[f.name] = Array.from(b.querySelectorAll("input")).map(function (i) { return i.value.trim(); });
          state.values[f.name] = dayValue(state.parts[f.name]);
        } else if (f.kind === "relation") state.values[f.name] = pickers[f.name].get();
        else if (f.kind === "links") {
          state.values[f.name] = Array.from(b.querySelectorAll(".row")).map(function (r) {
            return { title: r.querySelector('[data-part="title"]').value, url: r.querySelector('[data-part="url"]').value };
          });
        } else if (f.kind === "texts") {
          state.values[f.name] = Array.from(b.querySelectorAll(".row input")).map(function (i) { return i.value; });
        } else if (f.kind === "themes" || f.kind === "choices") {
          state.values[f.name] = Array.from(b.querySelectorAll("input:checked")).map(function (i) { return i.value; });
        } else if (f.kind === "choice" && f.required) {
          var checked = b.querySelector("input:checked");
          state.values[f.name] = checked ? checked.value : "";
        } else state.values[f.name] = b.querySelector("input, select, textarea").value;
      });
      // The file's name follows from the title; a name already taken gets a number.
      var wanted = R.slugify((state.values.title || "").trim(), model.rules);
      state.slug = wanted ? checker.freeSlug(t.name, wanted) : "";
      var taken = box("title").querySelector("[data-title-taken]");
      taken.hidden = !wanted || state.slug === wanted;
      taken.textContent = taken.hidden ? "" : R.fill(model.messages.taken, { typeLower: t.label.toLowerCase() });
      state.body = box("body").querySelector("textarea").value;
      try { sessionStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* private mode: no memory */ }
    }

    // What the file holds: trimmed texts, no empty rows.
    function cleaned() {
      var t = currentType(), out = {};
      t.fields.forEach(function (f) {
        var v = state.values[f.name];
        if (f.kind === "links") {
          v = (v || []).map(function (l) { return { title: (l.title || "").trim(), url: (l.url || "").trim() }; })
            .filter(function (l) { return l.title || l.url; });
        } else if (f.kind === "texts") {
          v = (v || []).map(function (s) { return s.trim(); }).filter(Boolean);
        } else if (typeof v === "string") {
          v = f.kind === "plaintext" || f.name === "title" ? v.trim().split(/\s+/).join(" ") : v.trim();
        }
        out[f.name] = v;
      });
      return out;
    }

    // ---- checks ---------------------------------------------------------------------------
    function showError(name, message) {
      var b = box(name);
      if (!b) return;
      var p = b.querySelector("#fout-" + name);
      p.hidden = !message;
      p.textContent = message ? gettext("Fout: {message}").replace("{message}", message) : "";
      b.classList.toggle("invalid", !!message);
      b.querySelectorAll("input, select, textarea").forEach(function (i) {
        if (message) i.setAttribute("aria-invalid", "true"); else i.removeAttribute("aria-invalid");
      });
    }

    // Every problem at once; one about the file's name is one about the title it follows from.
    function problems() {
      var found = checker.check(currentType(), cleaned(), state.slug, state.body);
      if (found.slug) { found.title = found.title || found.slug; delete found.slug; }
      return found;
    }

    function names() {
      return currentType().fields.filter(function (f) { return !f.derived; }).map(function (f) { return f.name; }).concat(["body"]);
    }

    function refresh(all) {
      var found = problems();
      names().forEach(function (name) {
        if (all || touched[name]) showError(name, found[name] || "");
      });
      return found;
    }

    function drawSummary(found) {
      summaryList.textContent = "";
      names().forEach(function (name) {
        if (!found[name]) return;
        // The message alone, as GOV.UK's summary says it: it names what to do.
        var link = el("a", { href: "#veld-" + name, text: found[name] });
        link.addEventListener("click", function (ev) {
          ev.preventDefault();
          var target = document.getElementById("veld-" + name);
          if (!target) return;
          var first = target.matches("fieldset") ? target.querySelector("input") || target : target;
          first.focus();
          target.scrollIntoView({ block: "center" });
        });
        summaryList.appendChild(el("li", {}, link));
      });
      summary.hidden = !summaryList.children.length;
    }

    // The summary on screen from its top, and focused, at any width (GOV.UK's error summary).
    function showSummary() {
      summary.hidden = false;
      summary.focus({ preventScroll: true });
      summary.scrollIntoView({ block: "start", behavior: "instant" });  // not smoothly: its top at once
    }

    function titles() {
      var out = {};
      Object.keys(lists).forEach(function (name) {
        out[name] = {};
        lists[name].forEach(function (e) { out[name][e[0]] = e[1]; });
      });
      return out;
    }

    function drawResult() {
      var t = currentType(), values = cleaned();
      var text = R.entryText(t, values, withNewNames(t, state.body));
      var out = R.outlets(model, t, values, state.slug, text, state.newNames, titles(), state.body);
      mail.href = out.mail;
      mailShort.hidden = !out.mailShort;
      mailText.textContent = out.text;
      issue.href = out.issue;
      issueShort.hidden = !out.issueShort;
      result.querySelector("details.ending ol li").textContent =
        gettext("Zet het bestand in de map content/{folder}/ van je kopie van de oogst.").replace("{folder}", t.name);
      github.href = out.github;
      github.toggleAttribute("data-too-long", out.tooLong);
      download.href = out.download;
      download.setAttribute("download", out.filename);
      longNote.hidden = !out.tooLong;
      longNote.textContent = out.tooLong ? gettext("Je bestand is te lang om in een adres mee te geven. Als je op de knop klikt, staat het op je klembord: plak het op de pagina die GitHub opent (Ctrl+V of Cmd+V).") : "";
      fileText.textContent = text;
    }

    // Names the harvest lacks travel in the file too, as a comment the site never shows.
    function withNewNames(t, body) {
      var lines = t.fields.filter(function (f) { return (state.newNames[f.name] || []).length; }).map(function (f) {
        return f.label + ": " + state.newNames[f.name].join(", ");
      });
      if (!lines.length) return body;
      var note = "<!-- " + model.messages.readNew + ": " + lines.join("; ").replace(/--/g, "- -") + " -->";
      return ((body || "").replace(/\s+$/, "") + "\n\n" + note).replace(/^\n+/, "");
    }

    copy.addEventListener("click", function () {
      var say = function (text) { copied.textContent = text; };
      if (!navigator.clipboard) { say(gettext("Kopiëren lukte niet: open Bekijk de tekst van de mail, selecteer alles en kopieer het zelf.")); return; }
      navigator.clipboard.writeText(mailText.textContent).then(function () {
        say(gettext("De tekst staat op je klembord: plak hem in je mail of op GitHub."));
      }, function () {
        say(gettext("Kopiëren lukte niet: open Bekijk de tekst van de mail, selecteer alles en kopieer het zelf."));
      });
    });

    github.addEventListener("click", function () {
      if (!github.hasAttribute("data-too-long") || !navigator.clipboard) return;
      navigator.clipboard.writeText(fileText.textContent).then(function () {
        copied.textContent = gettext("Het bestand staat op je klembord.");
      }, function () {
        copied.textContent = gettext("Kopiëren lukte niet: selecteer het bestand hieronder en kopieer het zelf.");
      });
    });

    // ---- preview --------------------------------------------------------------------------
    function tree(nodes) {
      var frag = document.createDocumentFragment();
      nodes.forEach(function (n) {
        if (typeof n === "string") { frag.appendChild(document.createTextNode(n)); return; }
        var node = el(n.tag, n.href ? { href: n.href, rel: "noopener" } : {});
        node.appendChild(tree(n.children));
        frag.appendChild(node);
      });
      return frag;
    }

    function choiceLabel(f, value) {
      var c = (f.choices || []).find(function (o) { return o[0] === value; });
      return c ? c[1] : value;
    }

    function drawPreview() {
      var t = currentType(), v = cleaned();
      var cardField = t.fields.find(function (f) { return f.name === t.card; });
      var kind = cardField && v[t.card] ? [].concat(v[t.card]).map(function (x) { return choiceLabel(cardField, x); }).join(", ") : "";
      var themes = el("ul", { class: "themes", "aria-label": gettext("Thema's") });
      (v.themes || []).forEach(function (s) { themes.appendChild(el("li", {}, el("span", { text: themeTitles[s] || s }))); });
      var meta = function () {
        return el("p", { class: "card-meta" }, el("span", { class: "type", text: t.label }), kind ? " · " + kind : "");
      };
      previewCard.textContent = "";
      previewCard.appendChild(el("li", { class: "card card-" + t.name }, meta(),
        el("p", { class: "preview-card-title", text: v.title || gettext("Titel van je inzending") }),
        el("p", { text: v.summary || gettext("Je samenvatting verschijnt hier.") }), themes.cloneNode(true)));
      var facts = el("dl", { class: "facts" });
      t.fields.forEach(function (f) {
        var value = v[f.name];
        if (f.group === "relation" || f.required || !value || (Array.isArray(value) && !value.length) || ["links", "texts"].indexOf(f.kind) >= 0) return;
        facts.appendChild(el("dt", { text: f.label }));
        facts.appendChild(el("dd", { text: f.kind === "choice" ? choiceLabel(f, value) : String(value) }));
      });
      previewPage.textContent = "";
      previewPage.className = "preview-page entry entry-" + t.name;
      previewPage.appendChild(el("p", { class: "entry-type" }, el("span", { class: "type", text: t.label }), kind ? " · " + kind : ""));
      previewPage.appendChild(el("p", { class: "preview-title", text: v.title || gettext("Titel van je inzending") }));
      previewPage.appendChild(el("p", { class: "summary", text: v.summary || "" }));
      previewPage.appendChild(themes);
      if (facts.children.length) previewPage.appendChild(facts);
      var body = el("div", { class: "body" });
      body.appendChild(tree(R.markdown(state.body)));
      previewPage.appendChild(body);
    }

    // ---- events ---------------------------------------------------------------------------
    var pending = false;
    function changed() {
      read();
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        var found = refresh(false);
        drawPreview();
        if (shownResult) {
          var ok = !Object.keys(found).length;
          result.hidden = !ok;
          if (ok) drawResult();
        }
      });
    }

    // The chosen type's entries (is the slug taken?) and those of relations already chosen.
    function ready() {
      var t = currentType();
      return Promise.all([need(t.name)].concat(t.fields.filter(function (f) {
        return f.kind === "relation" && state.values[f.name] && state.values[f.name].length;
      }).map(function (f) { return need(f.name); })));
    }

    typeChoice.addEventListener("change", function (ev) {
      state.type = ev.target.value;
      touched = {};
      summary.hidden = true;
      typeError.hidden = true;
      typeChoice.classList.remove("invalid");
      result.hidden = true;
      shownResult = false;
      ready().then(function () {
        drawFields();
        read();
        drawPreview();
      });
    });
    fields.addEventListener("input", changed);
    fields.addEventListener("change", changed);
    fields.addEventListener("focusout", function (ev) {
      var b = ev.target.closest("[data-field]");
      if (!b || b.contains(ev.relatedTarget)) return;
      touched[b.getAttribute("data-field")] = true;
      changed();
    });

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (!currentType()) {  // nothing to check yet: say what is missing, as for any field
        var message = R.fill(model.messages.noTypeChosen, { choices: model.types.map(function (t) { return t.label.toLowerCase(); }).join(", ") });
        typeError.textContent = gettext("Fout: {message}").replace("{message}", message);
        typeError.hidden = false;
        typeChoice.classList.add("invalid");
        summaryList.textContent = "";
        var link = el("a", { href: "#soort-" + model.types[0].name, text: message });
        link.addEventListener("click", function (e) { e.preventDefault(); typeChoice.querySelector("input").focus(); });
        summaryList.appendChild(el("li", {}, link));
        showSummary();
        return;
      }
      read();
      names().forEach(function (n) { touched[n] = true; });
      var found = refresh(true);
      drawSummary(found);
      if (Object.keys(found).length) {
        result.hidden = true;
        shownResult = false;
        showSummary();
        return;
      }
      drawResult();
      result.hidden = false;
      shownResult = true;
      resultHeading.focus({ preventScroll: true });
      resultHeading.scrollIntoView({ block: "start", behavior: "instant" });
    });

    if (currentType()) {
      ready().then(function () {
        drawFields();
        read();
        drawPreview();
      });
    }
  }
}());
