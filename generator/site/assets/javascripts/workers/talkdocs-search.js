/* talkdocs search worker: Material's search messages (SETUP 0, READY 1, QUERY 2, RESULT 3) answered from the
   split index of generator/site/search_shards.py, so that a query downloads only the word files of its
   characters and the page files of its best results.  Local, no dependencies.

   From a web server it runs as a Web Worker and reads the files with fetch(); opened from the file system it
   runs in the iframe-worker shim (assets/javascripts/iframe-worker-shim.js), whose importScripts() adds a
   <script> tag: every file is a script "__td(name, data)" for that reason.

   A query is cut into words of the index's vocabulary: the fewest words that cover it (the build cut the
   pages with jieba; a query word is a word the build found, so 整改 never matches 改革).  Words of the form
   key:value are filters (manifest.filters: 党委, 年度, 类型, 领域).  Every word must occur on a page; pages whose
   words share one section come first, then those whose title is or holds the query, then those with the
   query as one phrase, then the index's order (talks and plans first). */
"use strict";
(function () {
  var inShim = typeof document !== "undefined";
  var here = inShim && document.currentScript ? document.currentScript.src : self.location.href;
  var root = new URL("../../../search/", here).href;
  var LIMIT = 40;         // pages in a result list: the page files of these are fetched
  var SNIPPET = 150;      // characters of a section's text shown in a result
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+/g;
  var loaded = {};
  var pending = {};
  var manifest = null;
  var stop = {};
  var latest = 0;

  self.__td = function (name, data) { loaded[name] = data; };

  function url(name) {
    if (name === "f") return root + "facets.js";
    return root + name.charAt(0) + "/" + name.slice(1) + ".js";
  }

  function fetchOne(name) {
    if (inShim) return Promise.resolve(importScripts(url(name)));
    return fetch(url(name)).then(function (r) { return r.ok ? r.text() : ""; }).then(function (text) {
      var start = text.indexOf(",");
      loaded[name] = start < 0 ? null : JSON.parse(text.slice(start + 1, text.lastIndexOf(")")));
    });
  }

  function load(names) {
    return Promise.all(names.map(function (name) {
      if (name in loaded) return null;
      if (!(name in pending)) pending[name] = fetchOne(name).catch(function () { loaded[name] = null; });
      return pending[name];
    }));
  }

  function shardOf(ch) { return "t" + (ch.codePointAt(0) % manifest.shards); }

  function vocab(word) {
    var shard = loaded[shardOf(word)];
    return shard && Object.prototype.hasOwnProperty.call(shard, word) ? shard[word] : null;
  }

  /* The fewest index words that cover a run of Chinese (stopwords may be skipped); null: some part of the
     run is no word of the index, so no page holds it. */
  function segment(run) {
    var best = [{ cost: 0, words: [] }];
    for (var i = 0; i < run.length; i++) {
      var from = best[i];
      if (!from) continue;
      var relax = function (end, cost, words) {
        if (!best[end] || best[end].cost > cost) best[end] = { cost: cost, words: words };
      };
      for (var j = run.length; j > i; j--) {
        var word = run.slice(i, j);
        if (vocab(word)) relax(j, from.cost + 1, from.words.concat([word]));
      }
      if (stop[run.charAt(i)]) relax(i + 1, from.cost, from.words);
    }
    return best[run.length] ? best[run.length].words : null;
  }

  function decode(codes) {
    var pages = new Map();
    var page = 0;
    var slot = manifest.slot;
    for (var i = 0; i < codes.length; i++) {
      page += Math.floor(codes[i] / slot);
      var section = codes[i] % slot;
      if (section === slot - 1) section = codes[++i];
      if (!pages.has(page)) pages.set(page, new Set());
      pages.get(page).add(section);
    }
    return pages;
  }

  function parse(query) {
    var filters = [], text = [];
    query.split(/[\s\u3000]+/).forEach(function (token) {
      var m = /^([^:：]+)[:：](.*)$/.exec(token);
      if (m && manifest.filters[m[1]]) {
        if (m[2]) filters.push([manifest.filters[m[1]], m[2].toLowerCase()]);
      } else if (token) {
        text.push(token.toLowerCase());
      }
    });
    return { filters: filters, text: text, raw: query };
  }

  function filterPages(filter) {
    var found = new Set();
    (loaded.f && loaded.f[filter[0]] || []).forEach(function (value) {
      var names = value[1].map(function (n) { return String(n).toLowerCase(); });
      var hit = names.some(function (n) { return n === filter[1] || n.indexOf(filter[1]) >= 0; });
      if (!hit) return;
      var page = 0;
      value[2].forEach(function (delta) { page += delta; found.add(page); });
    });
    return found;
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  function pattern(words) {
    if (!words.length) return null;
    var parts = words.slice().sort(function (a, b) { return b.length - a.length; })
      .map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    return new RegExp(parts.join("|"), "gi");
  }

  /* Escaped text with the query's words marked; a long text is cut around its first match. */
  function highlight(text, re, cut) {
    if (cut && text.length > SNIPPET) {
      var at = 0;
      if (re) { re.lastIndex = 0; var m = re.exec(text); if (m) at = m.index; }
      var start = Math.max(0, at - 30);
      text = (start > 0 ? "…" : "") + text.slice(start, start + SNIPPET) + (start + SNIPPET < text.length ? "…" : "");
    }
    if (!re) return escapeHtml(text);
    var out = "", last = 0, m2;
    re.lastIndex = 0;
    while ((m2 = re.exec(text)) !== null) {
      out += escapeHtml(text.slice(last, m2.index)) + "<mark data-md-highlight>" + escapeHtml(m2[0]) + "</mark>";
      last = m2.index + m2[0].length;
    }
    return out + escapeHtml(text.slice(last));
  }

  function search(query) {
    var q = parse(query);
    if (!q.text.length && !q.filters.length) return Promise.resolve({ items: [], query: query });
    var runs = [];
    q.text.forEach(function (t) { (t.match(HAN) || []).forEach(function (r) { runs.push(r); }); });
    var shards = {};
    runs.forEach(function (r) { for (var i = 0; i < r.length; i++) shards[shardOf(r.charAt(i))] = 1; });
    var names = Object.keys(shards);
    if (q.filters.length) names.push("f");
    return load(names).then(function () {
      var words = [];
      for (var k = 0; k < runs.length; k++) {
        var cut = /^[0-9a-z]+$/.test(runs[k]) ? (vocab(runs[k]) ? [runs[k]] : null) : segment(runs[k]);
        if (cut === null) return { items: [], query: query };
        cut.forEach(function (w) { if (words.indexOf(w) < 0) words.push(w); });
      }
      if (!words.length && !q.filters.length) return { items: [], query: query };  // only 的、和 …
      var postings = words.map(function (w) { return decode(vocab(w)); });
      var candidates = null;
      postings.forEach(function (p) {
        candidates = candidates === null ? Array.from(p.keys()) : candidates.filter(function (page) { return p.has(page); });
      });
      q.filters.forEach(function (f) {
        var allowed = filterPages(f);
        candidates = candidates === null ? Array.from(allowed).sort(function (a, b) { return a - b; })
          : candidates.filter(function (page) { return allowed.has(page); });
      });
      var ranked = candidates.map(function (page) {
        var counts = new Map();
        postings.forEach(function (p) {
          p.get(page).forEach(function (s) { counts.set(s, (counts.get(s) || 0) + 1); });
        });
        var together = 0;
        counts.forEach(function (n) { together = Math.max(together, n); });
        return { page: page, together: together, counts: counts };
      });
      ranked.sort(function (a, b) { return b.together - a.together || a.page - b.page; });
      var total = ranked.length;
      ranked = ranked.slice(0, LIMIT);
      var chunks = {};
      ranked.forEach(function (r) { chunks["p" + Math.floor(r.page / manifest.chunk)] = 1; });
      return load(Object.keys(chunks)).then(function () { return results(ranked, words, q, total); });
    });
  }

  function results(ranked, words, q, total) {
    var re = pattern(words);
    var phrase = q.text.join("");
    var terms = {};
    words.forEach(function (w) { terms[w] = true; });
    ranked.forEach(function (r) {
      var chunk = loaded["p" + Math.floor(r.page / manifest.chunk)] || [];
      r.doc = chunk[r.page % manifest.chunk];
      var title = r.doc ? r.doc[1].toLowerCase() : "";
      r.title = phrase && title === phrase ? 2 : phrase && title.indexOf(phrase) >= 0 ? 1 : 0;
      r.phrase = !!r.doc && phrase.length > 1 && r.doc[2].some(function (s) {
        return (s[1] + s[2]).toLowerCase().indexOf(phrase) >= 0;
      }) ? 1 : 0;
    });
    ranked = ranked.filter(function (r) { return r.doc; });
    ranked.sort(function (a, b) {
      return b.together - a.together || b.title - a.title || b.phrase - a.phrase || a.page - b.page;
    });
    var items = ranked.map(function (r, rank) {
      var score = (ranked.length - rank) * 10;
      var doc = r.doc, sections = doc[2];
      var top = sections[0];
      var head = { location: doc[0], title: highlight(doc[1], re, false), score: score, terms: terms,
                   text: r.counts.has(0) && words.length ? highlight(top[2], re, true) : "" };
      if (top[3]) head.tags = [manifest.tag];
      var out = [head];
      r.counts.forEach(function (n, s) {
        if (s === 0 || !sections[s]) return;
        var sec = sections[s];
        var item = { location: doc[0] + (sec[0] ? "#" + sec[0] : ""), title: highlight(sec[1], re, false),
                     text: highlight(sec[2], re, true), terms: terms,
                     score: score + (n === words.length ? 1 : -1) };
        if (sec[3]) item.tags = [manifest.tag];
        out.push(item);
      });
      return out;
    });
    return { items: items, total: total, query: q.raw };
  }

  self.addEventListener("message", function (ev) {
    var message = ev.data;
    if (message.type === 0) {
      manifest = message.data.config.talkdocs;
      stop = {};
      manifest.stopwords.forEach(function (w) { stop[w] = 1; });
      postMessage({ type: 1 });
    } else if (message.type === 2 && manifest) {
      var mine = ++latest;
      search(String(message.data || "")).then(function (result) {
        if (mine === latest) postMessage({ type: 3, data: result });
      });
    }
  });
})();
