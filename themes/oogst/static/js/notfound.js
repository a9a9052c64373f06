/* Oogst: on the error page (404.html), served by GitHub Pages for any unknown address.
 *
 * When the last part of the address is the slug of an entry (it lives in another section, or the
 * section was mistyped), show a link to it. The slugs come from suggesties/<first two letters>.json,
 * one small file. The search box gets the slug's words, ready to search. Without JavaScript the
 * page still offers the search box and every section. */
(function () {
  "use strict";

  var box = document.querySelector("[data-suggestion]");
  if (!box || !window.fetch || !window.Promise) { return; }
  var site = new URL(box.getAttribute("data-site") || "/", document.baseURI);
  var path = location.pathname;
  if (path.indexOf(site.pathname) === 0) { path = path.slice(site.pathname.length); }
  var parts = path.split("/").filter(function (part) { return part !== ""; });
  var slug = "";
  try {
    slug = decodeURIComponent(parts.pop() || "").replace(/\.html?$/, "").toLowerCase();
  } catch (err) {
    return; // not a valid address part: nothing to suggest
  }
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) { return; }

  var input = document.getElementById("zoekvraag");
  if (input && !input.value) { input.value = slug.replace(/-/g, " "); }

  fetch(new URL("suggesties/" + slug.slice(0, 2) + ".json", site).href)
    .then(function (response) { return response.ok ? response.json() : {}; })
    .then(function (slugs) {
      var found = Object.prototype.hasOwnProperty.call(slugs, slug) ? slugs[slug] : [];
      var list = box.querySelector("ul");
      found.forEach(function (entry) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = new URL(entry[0], site).href;
        link.textContent = entry[2];
        item.appendChild(document.createTextNode(entry[1] + ": "));
        item.appendChild(link);
        list.appendChild(item);
      });
      if (found.length) { box.hidden = false; }
    })
    .catch(function () { /* offline or no such file: the search box and sections remain */ });
}());
