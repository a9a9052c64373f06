/* Oogst, gettext("Deel je oogst") (/meedoen/): the form, built from the form data (meedoen/formulier.json,
 * generated from the content model), checked while typing with contribute-rules.js, previewed,
 * and handed over as a file in one of three ways. Nothing leaves the browser until one of those
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
    if (!types[state.type]) state = { type: "", values: {}, body: "", slug: "", slugEdited: false };
    state.values = state.values || {};
    if (!state.values.date) state.values.date = model.today;
    var touched = {};
    var pickers = {};
    var shownResult = false;

    var noscript = document.querySelector("[data-contribute-noscript]");
    if (noscript) noscript.hidden = true;

    // The error summary (GOV.UK's pattern): on submit, every problem, linked to its field.
    var summaryList = el("ul");
    var summary = el("div", { class: "error-summary", tabindex: "-1", "aria-labelledby": "fout-kop", hidden: true },
      el("h2", { id: "fout-kop", text: gettext("Er is een probleem") }),
      el("p", { text: gettext("Verbeter wat hieronder staat; daarna maakt het formulier je bestand.") }), summaryList);

    var typeChoice = el("fieldset", { class: "type-choice", "aria-describedby": "hint-type" },
      el("legend", { text: gettext("Wat wil je delen?") }),
      el("p", { class: "hint", id: "hint-type", text: gettext("Kies de soort inzending; de velden hieronder passen zich aan.") }));
    model.types.forEach(function (t) {
      var id = "soort-" + t.name;
      typeChoice.appendChild(el("div", { class: "choice" },
        el("input", { type: "radio", name: "soort", id: id, value: t.name, checked: state.type === t.name }),
        el("label", { for: id }, el("strong", { text: t.label }), " ", el("span", { class: "muted", text: t.description }))));
    });

    var fields = el("div", { class: "fields" });
    var submit = el("button", { type: "submit", text: gettext("Controleer en maak het bestand") });
    var form = el("form", { class: "contribute-form", novalidate: true, "aria-label": gettext("Deel je oogst") },
      typeChoice, fields, el("p", {}, submit));

    var previewCard = el("ul", { class: "cards preview-cards" });
    var previewPage = el("div", { class: "preview-page" });
    var preview = el("section", { class: "preview", "aria-labelledby": "voorbeeld-kop", hidden: true },
      el("h2", { id: "voorbeeld-kop", text: gettext("Zo ziet je inzending eruit") }),
      el("p", { class: "muted", text: gettext("Voorbeeld bij benadering: de site zet de tekst zelf om; koppen, lijsten, nadruk en links zie je hier al.") }),
      el("h3", { text: gettext("Als kaart in een overzicht") }), previewCard,
      el("h3", { text: gettext("Bovenaan de eigen pagina") }), previewPage);

    var resultHeading = el("h2", { id: "klaar-kop", tabindex: "-1", text: gettext("Je bestand is klaar") });
    var github = el("a", { class: "button", rel: "noopener", "data-out": "github", text: gettext("Open als pull request op GitHub") });
    var mail = el("a", { class: "button", "data-out": "mail", text: gettext("Mail naar de redactie") });
    var download = el("a", { class: "button", "data-out": "download", text: gettext("Download het bestand") });
    var longNote = el("p", { class: "note", hidden: true, "data-too-long": true });
    var copied = el("p", { role: "status", class: "muted" });
    var fileText = el("pre", { class: "file", tabindex: "0", "aria-labelledby": "bestand-kop" });
    var result = el("section", { class: "result", "aria-labelledby": "klaar-kop", hidden: true },
      resultHeading,
      el("p", { text: gettext("Kies hoe je het aan de redactie bezorgt. Op GitHub stel je het voor als wijziging (GitHub maakt zo nodig je eigen kopie); een redacteur leest het na voor het verschijnt.") }),
      el("ul", { class: "actions" }, el("li", {}, github), el("li", {}, mail), el("li", {}, download)),
      longNote, copied,
      el("h3", { id: "bestand-kop", text: gettext("Het bestand") }), fileText);

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
        el("p", { class: "hint", id: "hint-" + f.name, text: gettext("Typ een deel van de naam en kies met de pijltjes en Enter.") }),
        p.error, picked, input, listbox);
      var options = [], active = -1;

      function title(slug) {
        var e = (lists[f.name] || []).find(function (x) { return x[0] === slug; });
        return e ? e[1] : slug;
      }
      function drawPicked() {
        picked.textContent = "";
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
        } else if (ev.key === "Escape") {
          close();
        }
      });
      input.addEventListener("blur", close);
      pickers[f.name] = { get: function () { return chosen.slice(); },
                          set: function (v) { chosen = (v || []).slice(); drawPicked(); } };
      return box;
    }

    function fieldBox(f) {
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

    function slugBox() {
      var box = textControl({ name: "slug", label: gettext("Bestandsnaam"), required: true,
        help: gettext("Volgt uit de titel: kleine letters, cijfers en koppeltekens. Zo heet het bestand en zo luidt het adres van de pagina.") },
        "input", { type: "text", spellcheck: "false" });
      var take = el("button", { type: "button", class: "secondary", hidden: true, "data-free-slug": true });
      take.addEventListener("click", function () {
        state.slug = take.getAttribute("data-slug");
        state.slugEdited = true;
        box.querySelector("input").value = state.slug;
        changed();
        box.querySelector("input").focus();
      });
      box.appendChild(take);
      return box;
    }

    function bodyBox() {
      var box = textControl({ name: "body", label: gettext("Tekst"), help: gettext("Het verhaal zelf, in Markdown. Wat is het, voor wie, hoe ging het, wat leer je eruit?") },
        "textarea", { rows: "10" });
      // Translators: the lines of this cheat sheet are fragments around the code examples.
      box.appendChild(el("details", { class: "cheatsheet" }, el("summary", { text: gettext("Markdown in het kort") }),
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
        var target = f.group === "required" ? required : f.group === "relation" ? related : optional;
        target.appendChild(fieldBox(f));
        if (f.name === "title") target.appendChild(slugBox());
      });
      required.appendChild(bodyBox());
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
        if (f.kind === "relation") pickers[f.name].set(v);
        else if (b.fill) b.fill(v);
        else if (b.querySelector("input[type=checkbox], input[type=radio]")) {
          b.querySelectorAll("input").forEach(function (i) {
            i.checked = Array.isArray(v) ? v.indexOf(i.value) >= 0 : v === i.value;
          });
        } else b.querySelector("input, select, textarea").value = v || "";
      });
      box("slug").querySelector("input").value = state.slug || "";
      box("body").querySelector("textarea").value = state.body || "";
    }

    function read() {
      var t = currentType();
      t.fields.forEach(function (f) {
        var b = box(f.name);
        if (f.kind === "relation") state.values[f.name] = pickers[f.name].get();
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
      var title = (state.values.title || "").trim();
      var slugInput = box("slug").querySelector("input");
      if (document.activeElement === slugInput) state.slugEdited = slugInput.value !== R.slugify(title, model.rules);
      if (!state.slugEdited) slugInput.value = R.slugify(title, model.rules);
      state.slug = slugInput.value.trim();
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
      if (name === "slug") {
        var take = b.querySelector("[data-free-slug]");
        var free = checker.freeSlug(state.type, state.slug);
        take.hidden = !message || free === state.slug;
        take.setAttribute("data-slug", free);
        take.textContent = gettext("Neem {slug}").replace("{slug}", free);
      }
    }

    function problems() { return checker.check(currentType(), cleaned(), state.slug); }

    function names() { return currentType().fields.map(function (f) { return f.name; }).concat(["slug"]); }

    function refresh(all) {
      var found = problems();
      names().forEach(function (name) {
        if (all || touched[name]) showError(name, found[name] || "");
      });
      return found;
    }

    function label(name) {
      if (name === "slug") return gettext("Bestandsnaam");
      var f = currentType().fields.find(function (x) { return x.name === name; });
      return f ? f.label : name;
    }

    function drawSummary(found) {
      summaryList.textContent = "";
      names().forEach(function (name) {
        if (!found[name]) return;
        var link = el("a", { href: "#veld-" + name, text: label(name) + ": " + found[name] });
        link.addEventListener("click", function (ev) {
          ev.preventDefault();
          var target = document.getElementById("veld-" + name);
          var first = target.matches("fieldset") ? target.querySelector("input") || target : target;
          first.focus();
          target.scrollIntoView({ block: "center" });
        });
        summaryList.appendChild(el("li", {}, link));
      });
      summary.hidden = !summaryList.children.length;
    }

    function drawResult() {
      var t = currentType(), values = cleaned();
      var text = R.entryText(t, values, state.body);
      var out = R.outlets(model, t, values, state.slug, text);
      github.href = out.github;
      github.toggleAttribute("data-too-long", out.tooLong);
      mail.href = out.mail;
      download.href = out.download;
      download.setAttribute("download", out.filename);
      longNote.hidden = !out.tooLong;
      longNote.textContent = out.tooLong ? gettext("Je bestand is te lang om in een adres mee te geven. Als je op de knop klikt, staat het op je klembord: plak het op de pagina die GitHub opent (Ctrl+V of Cmd+V).") : "";
      fileText.textContent = text;
    }

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
      if (!currentType()) {
        typeChoice.querySelector("input").focus();
        return;
      }
      read();
      names().forEach(function (n) { touched[n] = true; });
      var found = refresh(true);
      drawSummary(found);
      if (Object.keys(found).length) {
        result.hidden = true;
        shownResult = false;
        summary.focus();
        return;
      }
      drawResult();
      result.hidden = false;
      shownResult = true;
      resultHeading.focus();
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
