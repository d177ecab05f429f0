/*
 * govgraph · the lineage explorer page (/explore).
 *
 * Search a resource by Chinese name or code, draw its upstream and downstream lineage, click a node
 * to see its details and impact and to expand one more hop, Shift-click two nodes to highlight the
 * ways data flows between them, export the view as PNG or SVG. Everything comes from the public
 * GraphQL API (`search`, `lineage`, `lineagePaths`, `resource`, `impact`), sent with the bearer
 * token the user sets (kept in localStorage), so the page shows exactly what that principal may see.
 *
 * The drawing is lineage-graph.js, shared with GraphiQL's Lineage panel. For tests and the curious,
 * `window.govgraphExplorer` holds the graph (`.cy`), the state and the timings.
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("explorer-config").textContent);
  const TOKEN_KEY = "govgraph.token"; // shared with the web app and GraphiQL: one sign-in for all three

  /** The JWT in a pasted value, with or without quotes, "Authorization:" or "Bearer "; "" when none. */
  function bareToken(value) {
    return String(value || "")
      .trim()
      .replace(/^["'{]+|["'}]+$/g, "")
      .replace(/^"?authorization"?\s*:\s*/i, "")
      .replace(/^["']|["']$/g, "")
      .replace(/^bearer\s+/i, "")
      .trim();
  }

  function storedToken() {
    return bareToken(localStorage.getItem(TOKEN_KEY)) || null;
  }
  const LINEAGE_FIELDS =
    "truncated depthReached nodes { id kind code name depth redacted node { ... on Resource { effectiveShareType } } } " +
    "edges { source target kind relationship transform system desensitisation }";
  const Q_SEARCH =
    "query ExploreSearch($text: String!) { search(text: $text, first: 30) { totalCount nodes { __typename " +
    "... on Department { code name } ... on System { code name } ... on Resource { code name effectiveShareType } " +
    "... on Consumer { code name } ... on Catalog { code name } } } }";
  const Q_LINEAGE =
    "query ExploreLineage($code: String!, $direction: FlowDirection!, $depth: Int!, $level: LineageLevel!) { " +
    "lineage(code: $code, direction: $direction, depth: $depth, level: $level) { " + LINEAGE_FIELDS + " } }";
  const Q_PATHS =
    "query ExplorePaths($from: String!, $to: String!, $maxDepth: Int!) { lineagePaths(from: $from, to: $to, maxDepth: $maxDepth) { " +
    "length edges { source target kind relationship transform system desensitisation } } }";
  const Q_RESOURCE =
    "query ExploreResource($code: String!) { resource(code: $code) { code name summary classification shareType effectiveShareType " +
    "openType updateCycle containsPersonalInfo desensitised provider { code name } " +
    "effectiveRestriction { shareForcedBy { code name } } } " +
    "impact(code: $code) { truncated counts { derived uses consumers citations publications } " +
    "consumers { ... on Consumer { code name } } uses { ... on Use { useId purpose status } } " +
    "citations { ... on Citation { citationId document documentKind permission } } " +
    "publications { resource { code name } platform { ... on Platform { code name } } } " +
    "notify { ... on Department { code name } } } }";
  // Kinds a lineage walk can start from (a catalog lists resources; it is not in the flow).
  const WALKABLE = new Set(["Resource", "DataItem", "System", "Department", "Consumer", "Platform"]);
  const SHARE_LABEL = { UNCONDITIONAL: "无条件共享", CONDITIONAL: "有条件共享", NOT_SHARED: "不予共享" };

  const root = document.getElementById("explorer");
  root.innerHTML = `
    <header class="ex-bar">
      <a class="ex-brand" href="/explore">govgraph · 血缘浏览器</a>
      <form id="search-form" class="ex-search" role="search">
        <input id="search" type="search" autocomplete="off" placeholder="搜索资源：中文名称或代码，如 人口、101001/000001" aria-label="搜索资源">
        <button type="submit">搜索</button>
      </form>
      <label class="ex-field">深度 <input id="depth" type="number" min="1" value="3" aria-label="深度"></label>
      <label class="ex-field">方向
        <select id="direction" aria-label="方向">
          <option value="BOTH" selected>上下游</option><option value="UPSTREAM">上游</option><option value="DOWNSTREAM">下游</option>
        </select>
      </label>
      <span class="ex-field ex-toggle" role="radiogroup" aria-label="层级">层级
        <label><input type="radio" name="level" value="RESOURCE" checked>资源</label>
        <label><input type="radio" name="level" value="ITEM">信息项</label>
      </span>
      <button id="export-png" type="button" disabled>导出 PNG</button>
      <button id="export-svg" type="button" disabled>导出 SVG</button>
      <label class="ex-field ex-token">令牌 <input id="token" type="password" autocomplete="off" placeholder="令牌（可带 Bearer 前缀；登录后自动填入）" aria-label="令牌"></label>
      <a class="ex-link" href="/graphql">GraphiQL</a>
    </header>
    <main class="ex-main">
      <aside class="ex-results">
        <h2>搜索结果 <span id="result-count"></span></h2>
        <ol id="result-list"></ol>
      </aside>
      <section class="ex-graph">
        <div id="banner" class="ex-banner" hidden></div>
        <div id="error" class="ex-error" role="alert" hidden></div>
        <div id="canvas" class="govgraph-lineage-canvas"></div>
        <div id="empty" class="ex-empty">搜索并打开一个资源，查看它的上下游血缘。</div>
        <div id="status" class="ex-status" aria-live="polite"></div>
        <div id="legend"></div>
      </section>
      <aside class="ex-details">
        <h2>节点详情</h2>
        <div id="detail-body" class="ex-hint">点击节点：查看详情与影响，并向外展开一跳。<br>Shift+点击两个节点：高亮它们之间的数据流路径。</div>
        <div id="paths"></div>
      </aside>
    </main>`;

  const $ = (id) => document.getElementById(id);
  const depthInput = $("depth");
  depthInput.max = String(config.maxDepth);
  const tokenInput = $("token");
  tokenInput.value = storedToken() || "";
  tokenInput.addEventListener("input", () => {
    // The line scripts/serve prints ("Bearer eyJ…"), a header ("Authorization: Bearer …") or the bare token.
    const token = bareToken(tokenInput.value);
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  });
  tokenInput.addEventListener("change", () => {
    tokenInput.value = storedToken() || "";
  });
  $("legend").appendChild(GovgraphLineage.legend(document));

  const state = {
    start: null, // { code, name }
    expanded: new Set(),
    picked: [], // node data, at most two
    searchStartedAt: null,
    busy: 0,
  };
  const timings = {};
  const explorer = {
    state,
    timings,
    drawn: 0,
    highlighted: 0,
    lastExport: null,
    graph: null,
    get cy() {
      return explorer.graph ? explorer.graph.cy : null;
    },
  };
  window.govgraphExplorer = explorer;

  const graph = new GovgraphLineage.LineageGraph($("canvas"), {
    onTap: (node, event) => {
      const e = event.originalEvent || {};
      if (e.shiftKey || e.ctrlKey || e.metaKey) pick(node);
      else select(node);
    },
    onBackground: () => {
      graph.clearHighlight();
      state.picked = [];
      graph.pick([]);
      $("paths").textContent = "";
    },
  });
  explorer.graph = graph;

  // ---- talking to the API ------------------------------------------------------------------

  async function gql(query, variables) {
    const headers = { "Content-Type": "application/json", Accept: "application/graphql-response+json, application/json" };
    const token = storedToken();
    if (token) headers.Authorization = "Bearer " + token;
    setBusy(1);
    try {
      const response = await fetch(config.graphql, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
      let body;
      try {
        body = await response.json();
      } catch (e) {
        throw new Error("HTTP " + response.status);
      }
      if (body.errors && body.errors.length) {
        const first = body.errors[0];
        const error = new Error(first.message);
        error.code = (first.extensions && first.extensions.code) || "HTTP " + response.status;
        throw error;
      }
      if (!response.ok) throw new Error("HTTP " + response.status);
      return body.data;
    } finally {
      setBusy(-1);
    }
  }

  function setBusy(delta) {
    state.busy += delta;
    document.body.classList.toggle("ex-busy", state.busy > 0);
  }

  function showError(error) {
    const box = $("error");
    if (!error) {
      box.hidden = true;
      box.textContent = "";
      return;
    }
    const hint = error.code === "UNAUTHENTICATED" ? "（令牌无效或已过期：请在 /signin 重新登录，或更新、清除令牌）" : error.code === "NOT_FOUND" ? "（不存在，或你无权查看）" : "";
    box.textContent = "出错了：" + error.message + (error.code ? " [" + error.code + "]" : "") + hint;
    box.hidden = false;
  }

  // ---- search ------------------------------------------------------------------------------

  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    search($("search").value.trim());
  });

  async function search(text) {
    if (!text) return;
    state.searchStartedAt = performance.now();
    showError(null);
    let data;
    try {
      data = await gql(Q_SEARCH, { text });
    } catch (error) {
      showError(error);
      return;
    }
    const found = data.search.nodes.filter((n) => n.code);
    const list = $("result-list");
    list.textContent = "";
    $("result-count").textContent = "(" + data.search.totalCount + ")";
    for (const node of found) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "ex-result";
      button.disabled = !WALKABLE.has(node.__typename);
      const kind = GovgraphLineage.KINDS[node.__typename];
      const name = document.createElement("span");
      name.className = "ex-result-name";
      name.textContent = node.name;
      const meta = document.createElement("span");
      meta.className = "ex-result-meta";
      meta.textContent = (kind ? kind.label : node.__typename === "Catalog" ? "目录" : node.__typename) + " · " + node.code +
        (node.effectiveShareType ? " · " + SHARE_LABEL[node.effectiveShareType] : "");
      button.append(name, meta);
      button.addEventListener("click", () => open(node.code, node.name));
      item.appendChild(button);
      list.appendChild(item);
    }
    if (!found.length) {
      const item = document.createElement("li");
      item.className = "ex-hint";
      item.textContent = "没有找到「" + text + "」（或你无权查看）。";
      list.appendChild(item);
    }
    // A code typed in full opens at once.
    const exact = found.find((n) => n.code === text && WALKABLE.has(n.__typename));
    if (exact) await open(exact.code, exact.name);
  }

  // ---- drawing a lineage -------------------------------------------------------------------

  function question() {
    const depth = Math.max(1, Math.min(config.maxDepth, parseInt(depthInput.value, 10) || 3));
    depthInput.value = String(depth);
    const level = document.querySelector('input[name="level"]:checked').value;
    return { depth, level, direction: $("direction").value };
  }

  async function open(code, name) {
    state.start = { code, name: name || code };
    state.expanded = new Set();
    state.picked = [];
    $("paths").textContent = "";
    showError(null);
    const q = question();
    history.replaceState(null, "", "#" + new URLSearchParams({ code, depth: String(q.depth), level: q.level, direction: q.direction }).toString());
    const asked = performance.now();
    let data;
    try {
      data = await gql(Q_LINEAGE, { code, direction: q.direction, depth: q.depth, level: q.level });
    } catch (error) {
      showError(error);
      return;
    }
    const answered = performance.now();
    await graph.load(data.lineage);
    const drawn = performance.now();
    state.expanded.add(code);
    timings.lineageMs = answered - asked;
    timings.drawMs = drawn - answered;
    if (state.searchStartedAt !== null) {
      timings.searchToDrawnMs = drawn - state.searchStartedAt;
      state.searchStartedAt = null;
    }
    explorer.drawn += 1;
    $("empty").hidden = true;
    $("export-png").disabled = false;
    $("export-svg").disabled = false;
    showTruncation(data.lineage);
    const c = graph.counts();
    $("status").textContent =
      state.start.name + " · " + c.nodes + " 个节点 · " + c.edges + " 条边 · 到达深度 " + data.lineage.depthReached +
      " · 查询 " + Math.round(timings.lineageMs) + " ms，布局 " + Math.round(timings.drawMs) + " ms";
    document.body.dataset.state = "drawn";
    const start = graph.cy.nodes(".start");
    if (start.nonempty()) select(start.first().data(), { expand: false });
  }

  function showTruncation(lineage) {
    const banner = $("banner");
    const shown = Boolean(lineage.truncated || graph.truncated);
    if (shown) {
      banner.textContent = "已截断：层数或节点数（GOVGRAPH_LINEAGE_MAX_NODES）的上限之外还有更多，图中双线边框的节点可继续展开。点击它们即可。";
    }
    if (banner.hidden === shown) {
      banner.hidden = !shown;
      // The banner moves the canvas: cytoscape must measure its container again, or a tap lands where a node was.
      graph.cy.resize();
    }
  }

  async function expand(node) {
    if (node.redacted || !node.code || state.expanded.has(node.code)) return 0;
    state.expanded.add(node.code);
    const q = question();
    let data;
    try {
      data = await gql(Q_LINEAGE, { code: node.code, direction: "BOTH", depth: 1, level: q.level });
    } catch (error) {
      showError(error);
      return 0;
    }
    const before = graph.counts();
    const added = await graph.merge(data.lineage);
    const c = graph.counts();
    showTruncation(data.lineage);
    $("status").textContent = "展开「" + node.name + "」：新增 " + added + " 个节点、" + (c.edges - before.edges) + " 条边 · 共 " + c.nodes + " 个节点 · " + c.edges + " 条边";
    return added;
  }

  // ---- details and impact ------------------------------------------------------------------

  async function select(node, options) {
    const opts = Object.assign({ expand: true }, options || {});
    const body = $("detail-body");
    body.className = "";
    body.textContent = "";
    const dl = document.createElement("dl");
    const row = (term, value) => {
      if (value === null || value === undefined || value === "") return;
      const dt = document.createElement("dt");
      dt.textContent = term;
      const dd = document.createElement("dd");
      if (value instanceof Node) dd.appendChild(value);
      else dd.textContent = String(value);
      dl.append(dt, dd);
    };
    const title = document.createElement("h3");
    title.textContent = node.redacted ? GovgraphLineage.REDACTED_LABEL : node.name;
    body.append(title, dl);
    row("类型", node.kindLabel);
    if (node.redacted) {
      const p = document.createElement("p");
      p.className = "ex-hint";
      p.textContent = "你无权查看此节点：只显示它的类型，以如实反映数据流的形状（不泄露名称）。设置有权限的令牌后重新打开。";
      body.appendChild(p);
      return;
    }
    row("代码", node.code);
    row("距起点", node.depth + " 步");
    if (node.kind !== "Resource") row("有效共享类型", node.shareLabel);
    if (opts.expand) {
      const added = await expand(node);
      if (added === 0 && state.expanded.has(node.code)) row("展开", "已展开");
    }
    if (node.kind !== "Resource") return;
    let data;
    try {
      data = await gql(Q_RESOURCE, { code: node.code });
    } catch (error) {
      row("详情", "无法读取：" + error.message);
      return;
    }
    const r = data.resource;
    if (!r) return;
    row("摘要", r.summary);
    row("分类", r.classification);
    row("提供部门", r.provider ? r.provider.name + "（" + r.provider.code + "）" : null);
    row("共享类型", SHARE_LABEL[r.shareType] || r.shareType);
    row("有效共享类型", (SHARE_LABEL[r.effectiveShareType] || r.effectiveShareType) +
      (r.effectiveRestriction && r.effectiveRestriction.shareForcedBy ? "（受上游「" + r.effectiveRestriction.shareForcedBy.name + "」限制）" : ""));
    row("开放类型", r.openType);
    row("更新周期", r.updateCycle);
    row("含个人信息", r.containsPersonalInfo ? "是" + (r.desensitised ? "（已脱敏）" : "") : "否");
    const impact = data.impact;
    const h = document.createElement("h3");
    h.textContent = "影响分析（Art.25）" + (impact.truncated ? " · 已截断" : "");
    body.appendChild(h);
    const counts = impact.counts;
    const summary = document.createElement("p");
    summary.className = "ex-counts";
    summary.textContent = "派生资源 " + counts.derived + " · 使用方 " + counts.consumers + " · 使用 " + counts.uses + " · 引用 " + counts.citations + " · 开放发布 " + counts.publications;
    body.appendChild(summary);
    const list = (heading, items, text) => {
      if (!items.length) return;
      const h4 = document.createElement("h4");
      h4.textContent = heading + "（" + items.length + "）";
      const ul = document.createElement("ul");
      for (const item of items) {
        const li = document.createElement("li");
        li.textContent = text(item);
        ul.appendChild(li);
      }
      body.append(h4, ul);
    };
    list("使用方", impact.consumers, (c) => c.name + "（" + c.code + "）");
    list("使用", impact.uses, (u) => u.purpose + " · " + u.status + "（" + u.useId + "）");
    list("引用", impact.citations, (c) => c.document + " · " + c.documentKind + " · " + c.permission);
    list("开放发布", impact.publications, (p) => p.resource.name + " → " + (p.platform.name || p.platform.code || "平台"));
    list("需通知的部门", impact.notify, (d) => d.name + "（" + d.code + "）");
  }

  // ---- paths between two nodes -------------------------------------------------------------

  async function pick(node) {
    if (node.redacted || !node.code) return;
    state.picked = state.picked.filter((p) => p.id !== node.id).concat([node]).slice(-2);
    graph.pick(state.picked.map((p) => p.id));
    const box = $("paths");
    if (state.picked.length < 2) {
      graph.clearHighlight();
      box.textContent = "已选「" + node.name + "」，再 Shift+点击一个节点以显示路径。";
      return;
    }
    const [a, b] = state.picked;
    const maxDepth = Math.max(6, question().depth * 2);
    let paths;
    let from = a;
    let to = b;
    try {
      paths = (await gql(Q_PATHS, { from: a.code, to: b.code, maxDepth })).lineagePaths;
      if (!paths.length) {
        paths = (await gql(Q_PATHS, { from: b.code, to: a.code, maxDepth })).lineagePaths;
        from = b;
        to = a;
      }
    } catch (error) {
      showError(error);
      return;
    }
    explorer.highlighted = graph.highlight(paths);
    box.textContent = paths.length
      ? "「" + from.name + "」→「" + to.name + "」：" + paths.length + " 条路径，最短 " + paths[0].length + " 步" +
        (explorer.highlighted ? "" : "（路径经过的节点不在当前视图中）")
      : "「" + a.name + "」与「" + b.name + "」之间没有 " + maxDepth + " 步以内的数据流路径。";
  }

  // ---- export ------------------------------------------------------------------------------

  function download(href, name) {
    const a = document.createElement("a");
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function fileName(ext) {
    const code = state.start ? state.start.code.replace(/[^0-9A-Za-z_-]+/g, "_") : "view";
    return "lineage-" + code + "." + ext;
  }

  $("export-png").addEventListener("click", () => {
    const url = graph.png();
    explorer.lastExport = { format: "png", length: url.length, dataUrl: url };
    download(url, fileName("png"));
  });

  $("export-svg").addEventListener("click", () => {
    const svg = graph.svg();
    explorer.lastExport = { format: "svg", length: svg.length, svg };
    const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
    download(url, fileName("svg"));
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });

  // ---- controls that ask again -------------------------------------------------------------

  for (const control of [depthInput, $("direction"), ...document.querySelectorAll('input[name="level"]')]) {
    control.addEventListener("change", () => {
      if (state.start) open(state.start.code, state.start.name);
    });
  }

  explorer.search = search;
  explorer.open = open;
  explorer.expand = expand;

  // A link such as /explore#code=101001/000001&depth=4 opens that lineage.
  const linked = new URLSearchParams(location.hash.slice(1));
  if (linked.get("code")) {
    if (linked.get("depth")) depthInput.value = linked.get("depth");
    if (linked.get("direction")) $("direction").value = linked.get("direction");
    const level = document.querySelector('input[name="level"][value="' + (linked.get("level") === "ITEM" ? "ITEM" : "RESOURCE") + '"]');
    level.checked = true;
    $("search").value = linked.get("code");
    open(linked.get("code"));
  }
})();
