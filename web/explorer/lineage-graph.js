/*
 * govgraph · drawing a lineage answer (血缘图).
 *
 * One module for both the lineage explorer (/explore) and GraphiQL's Lineage panel: it takes the
 * `lineage { nodes { id kind code name depth redacted node { ... on Resource { effectiveShareType } } }
 * edges { source target kind relationship transform system desensitisation } truncated depthReached }`
 * answer of the public GraphQL API and draws it with cytoscape, layered left to right (dagre), data
 * flowing from upstream (left) to downstream (right).
 *
 *   const graph = new GovgraphLineage.LineageGraph(element, { onTap: (node, event) => … });
 *   graph.load(result.data.lineage);            // replace the view
 *   graph.merge(moreLineage);                   // add one more hop, keeping what is drawn
 *   graph.highlight(result.data.lineagePaths);  // the ways between two nodes
 *   graph.png(); graph.svg();                   // export the current view
 *
 * Colours: a node's fill is its kind; its border is the resource's *effective* share type (Art.18,
 * Art.23), when the answer carries it. A node the principal may not see comes back as a placeholder
 * (`redacted-N`, kind only): it is drawn grey and dashed, labelled 无权查看.
 *
 * Needs the globals `cytoscape` and `cytoscapeDagre` (the UMD builds scripts/assets installs).
 */
(function (global) {
  "use strict";

  const KINDS = {
    Resource: { label: "信息资源", fill: "#dbeafe", text: "#1e3a8a", shape: "round-rectangle" },
    DataItem: { label: "信息项", fill: "#e0f2fe", text: "#075985", shape: "ellipse" },
    System: { label: "信息系统", fill: "#ede9fe", text: "#4c1d95", shape: "barrel" },
    Department: { label: "政务部门", fill: "#dcfce7", text: "#14532d", shape: "round-tag" },
    Platform: { label: "平台", fill: "#cffafe", text: "#164e63", shape: "round-hexagon" },
    Consumer: { label: "使用方", fill: "#fef3c7", text: "#78350f", shape: "round-octagon" },
    Use: { label: "使用", fill: "#fef9c3", text: "#713f12", shape: "rhomboid" },
    Citation: { label: "引用", fill: "#fee2e2", text: "#7f1d1d", shape: "tag" },
  };
  const OTHER_KIND = { label: "其他", fill: "#f1f5f9", text: "#0f172a", shape: "round-rectangle" };
  const SHARE = {
    UNCONDITIONAL: { label: "无条件共享", color: "#16a34a" },
    CONDITIONAL: { label: "有条件共享", color: "#ea580c" },
    NOT_SHARED: { label: "不予共享", color: "#dc2626" },
  };
  const NO_SHARE = "#64748b";
  const FLOW = {
    DERIVATION: "派生",
    COLLECTION: "采集",
    HOLDING: "存储",
    PROVISION: "提供",
    AGGREGATION: "汇聚",
    PUBLICATION: "开放发布",
    USE: "使用",
    CITATION: "引用",
  };
  const REDACTED_LABEL = "无权查看";
  const PATH_COLOR = "#db2777";
  const FONT = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif';

  function kindOf(kind) {
    return KINDS[kind] || OTHER_KIND;
  }

  function shorten(text, max) {
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }

  function isRedacted(node) {
    // `redacted` is in the answer when the query asked for it; the code's form says it otherwise.
    return node.redacted === true || (node.redacted === undefined && /^redacted-\d+$/.test(node.code || ""));
  }

  function edgeLabel(edge) {
    const parts = [edge.kind ? FLOW[edge.kind] || edge.kind : edge.relationship === "HAS_ITEM" ? "信息项" : edge.relationship || ""];
    if (edge.transform) parts.push(edge.transform);
    if (edge.desensitisation) parts.push("脱敏");
    return parts.filter(Boolean).join(" · ");
  }

  /** Every lineage answer inside a GraphQL `data` object (aliases included), with its path. */
  function findLineages(data, path, found) {
    found = found || [];
    path = path || [];
    if (data && typeof data === "object" && !Array.isArray(data)) {
      if (Array.isArray(data.nodes) && Array.isArray(data.edges) && data.nodes.every((n) => n && n.id !== undefined)) {
        found.push({ path: path.join("."), lineage: data });
        return found;
      }
      for (const [key, value] of Object.entries(data)) findLineages(value, path.concat(key), found);
    }
    return found;
  }

  function style() {
    const s = [
      {
        selector: "node",
        style: {
          label: "data(label)",
          "text-wrap": "wrap",
          "text-max-width": "140px",
          "text-valign": "center",
          "text-halign": "center",
          "font-size": 11,
          "font-family": FONT,
          color: "data(textColor)",
          "background-color": "data(fill)",
          shape: "data(shape)",
          width: 150,
          height: 46,
          "border-width": 3,
          "border-color": "data(border)",
          "border-style": "solid",
        },
      },
      { selector: "node.start", style: { "border-width": 5, "font-weight": "bold" } },
      { selector: "node.cut", style: { "border-style": "double", "border-width": 7 } },
      {
        selector: "node.redacted",
        style: { "background-color": "#e5e7eb", "border-color": "#9ca3af", "border-style": "dashed", "border-width": 2, color: "#6b7280" },
      },
      { selector: "node:selected", style: { "overlay-color": "#2563eb", "overlay-opacity": 0.18, "overlay-padding": 6 } },
      { selector: "node.picked", style: { "overlay-color": PATH_COLOR, "overlay-opacity": 0.22, "overlay-padding": 8 } },
      {
        selector: "edge",
        style: {
          width: 1.6,
          "curve-style": "bezier",
          "line-color": "#94a3b8",
          "target-arrow-color": "#94a3b8",
          "target-arrow-shape": "triangle",
          "arrow-scale": 0.9,
          label: "data(label)",
          "font-size": 9,
          "font-family": FONT,
          color: "#334155",
          "text-rotation": "autorotate",
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.85,
          "text-background-padding": 1,
        },
      },
      { selector: "edge.derivation", style: { width: 2.2, "line-color": "#475569", "target-arrow-color": "#475569" } },
      { selector: "edge.desensitised", style: { "line-style": "dashed", "line-color": "#16a34a", "target-arrow-color": "#16a34a" } },
      { selector: "edge.redacted", style: { "line-style": "dashed", "line-color": "#cbd5e1", "target-arrow-color": "#cbd5e1" } },
      { selector: ".faded", style: { opacity: 0.3 } },
      { selector: "edge.path", style: { width: 4, "line-color": PATH_COLOR, "target-arrow-color": PATH_COLOR, "z-index": 10 } },
      { selector: "node.path", style: { "border-color": PATH_COLOR, "border-width": 5 } },
    ];
    return s;
  }

  class LineageGraph {
    /**
     * Draws into `container`. Options: `onTap(nodeData, event)` when a node is tapped,
     * `onBackground()` when the background is, `fit` (default true).
     */
    constructor(container, options) {
      if (typeof global.cytoscape !== "function") throw new Error("cytoscape is not loaded: run scripts/assets");
      if (!global.cytoscape.extension || !global.cytoscape.extension("layout", "dagre")) {
        if (!global.cytoscapeDagre) throw new Error("cytoscape-dagre is not loaded: run scripts/assets");
        global.cytoscape.use(global.cytoscapeDagre);
      }
      this.options = Object.assign({ fit: true }, options || {});
      this.generation = 0; // redacted placeholders are per answer: two answers' redacted-1 may differ
      this.truncated = false;
      this.cy = global.cytoscape({
        container,
        style: style(),
        minZoom: 0.05,
        maxZoom: 3,
        selectionType: "additive",
        boxSelectionEnabled: false,
      });
      this.cy.on("tap", "node", (event) => {
        if (this.options.onTap) this.options.onTap(event.target.data(), event);
      });
      this.cy.on("tap", (event) => {
        if (event.target === this.cy && this.options.onBackground) this.options.onBackground(event);
      });
    }

    /** Replace the view with `lineage`; resolves when it is laid out. */
    load(lineage, options) {
      this.cy.elements().remove();
      this.truncated = false;
      return this.merge(lineage, Object.assign({ start: true }, options || {}));
    }

    /**
     * Add `lineage` to the view (nodes already drawn stay, keeping what is known of them);
     * resolves with the number of nodes added, once the graph is laid out again.
     */
    merge(lineage, options) {
      const opts = options || {};
      this.generation += 1;
      const ids = new Map(); // the answer's id -> the id drawn (placeholders are renamed)
      const added = [];
      const cy = this.cy;
      const cutDepth = lineage.truncated ? lineage.depthReached : null;
      for (const node of lineage.nodes || []) {
        const redacted = isRedacted(node);
        const id = redacted ? "g" + this.generation + ":" + node.id : node.id;
        ids.set(node.id, id);
        const data = this._nodeData(id, node, redacted);
        const existing = cy.getElementById(id);
        if (existing.nonempty()) {
          // Keep the richer data: a later answer may lack `node { effectiveShareType }`.
          if (data.shareType && !existing.data("shareType")) existing.data({ shareType: data.shareType, border: data.border });
          if (cutDepth === null || node.depth < cutDepth) existing.removeClass("cut");
          continue;
        }
        const classes = [redacted ? "redacted" : "", opts.start && node.depth === 0 ? "start" : "", cutDepth !== null && node.depth === cutDepth ? "cut" : ""];
        added.push({ group: "nodes", data, classes: classes.filter(Boolean).join(" ") });
      }
      for (const edge of lineage.edges || []) {
        const source = ids.get(edge.source) || edge.source;
        const target = ids.get(edge.target) || edge.target;
        const element = this._edge(edge, source, target);
        if (cy.getElementById(element.data.id).empty()) added.push(element);
      }
      // An edge whose end is not in the view (the answer lists edges only between its nodes) is skipped.
      const present = new Set(cy.nodes().map((n) => n.id()).concat(added.filter((e) => e.group === "nodes").map((e) => e.data.id)));
      const elements = added.filter((e) => e.group === "nodes" || (present.has(e.data.source) && present.has(e.data.target)));
      cy.add(elements);
      this.truncated = this.truncated || Boolean(lineage.truncated);
      const count = elements.filter((e) => e.group === "nodes").length;
      return this.layout().then(() => count);
    }

    _edge(edge, source, target) {
      const redacted = /^g\d+:/.test(source) || /^g\d+:/.test(target);
      const classes = [edge.kind === "DERIVATION" ? "derivation" : "", edge.desensitisation ? "desensitised" : "", redacted ? "redacted" : ""];
      return {
        group: "edges",
        data: Object.assign({}, edge, { id: source + "->" + target + ":" + (edge.relationship || edge.kind || ""), source, target, label: edgeLabel(edge) }),
        classes: classes.filter(Boolean).join(" "),
      };
    }

    _nodeData(id, node, redacted) {
      const kind = kindOf(node.kind);
      const shareType = (!redacted && node.node && node.node.effectiveShareType) || null;
      const name = node.name || node.code || "";
      const label = redacted
        ? REDACTED_LABEL + "\n(" + kind.label + ")"
        : shorten(name, 14) + (node.code && node.code !== name ? "\n" + shorten(node.code, 24) : "");
      return {
        id,
        apiId: node.id,
        kind: node.kind,
        kindLabel: kind.label,
        code: redacted ? null : node.code,
        name: redacted ? REDACTED_LABEL : name,
        depth: node.depth,
        redacted,
        shareType,
        shareLabel: shareType && SHARE[shareType] ? SHARE[shareType].label : null,
        label,
        fill: kind.fill,
        textColor: kind.text,
        shape: kind.shape,
        border: shareType && SHARE[shareType] ? SHARE[shareType].color : NO_SHARE,
      };
    }

    /** Lay the graph out in layers, left to right; resolves when done. */
    layout() {
      const cy = this.cy;
      if (cy.nodes().empty()) return Promise.resolve();
      return new Promise((resolve) => {
        const layout = cy.layout({
          name: "dagre",
          rankDir: "LR",
          nodeSep: 14,
          rankSep: 80,
          edgeSep: 8,
          animate: false,
          fit: this.options.fit,
          padding: 24,
        });
        layout.one("layoutstop", () => resolve());
        layout.run();
      });
    }

    /**
     * Highlight the paths of a `lineagePaths` answer ([{ length, edges }]); returns how many
     * elements are highlighted (0 when none of the paths is in the view).
     */
    highlight(paths) {
      const cy = this.cy;
      this.clearHighlight();
      let hit = cy.collection();
      for (const path of paths || []) {
        for (const edge of path.edges || []) {
          let between = cy.edges().filter((e) => e.data("source") === edge.source && e.data("target") === edge.target);
          if (between.empty() && cy.getElementById(edge.source).nonempty() && cy.getElementById(edge.target).nonempty()) {
            // A step between two drawn nodes that no answer so far walked: draw it too.
            between = cy.add(this._edge(edge, edge.source, edge.target));
          }
          between.forEach((e) => {
            hit = hit.union(e).union(e.source()).union(e.target());
          });
        }
      }
      if (hit.empty()) return 0;
      cy.elements().difference(hit).addClass("faded");
      hit.addClass("path");
      return hit.length;
    }

    clearHighlight() {
      this.cy.elements().removeClass("path faded");
    }

    /** Mark the nodes picked for a path question. */
    pick(ids) {
      this.cy.nodes().removeClass("picked");
      for (const id of ids) this.cy.getElementById(id).addClass("picked");
    }

    counts() {
      return { nodes: this.cy.nodes().length, edges: this.cy.edges().length };
    }

    /** The whole graph as a PNG data URL (twice the screen's resolution, white background). */
    png() {
      return this.cy.png({ full: true, scale: 2, bg: "#ffffff", output: "base64uri" });
    }

    /** The whole graph as an SVG document, built from the drawn positions and styles. */
    svg() {
      const cy = this.cy;
      const box = cy.elements().boundingBox({ includeLabels: true });
      const pad = 20;
      const x0 = box.x1 - pad;
      const y0 = box.y1 - pad;
      const w = Math.max(1, box.w + 2 * pad);
      const h = Math.max(1, box.h + 2 * pad);
      const out = [];
      out.push('<?xml version="1.0" encoding="UTF-8"?>');
      out.push(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="' + [x0, y0, w, h].map(num).join(" ") + '" width="' + num(w) + '" height="' + num(h) + '" font-family="' + esc(FONT) + '">'
      );
      out.push("<title>govgraph lineage</title>");
      out.push('<rect x="' + num(x0) + '" y="' + num(y0) + '" width="' + num(w) + '" height="' + num(h) + '" fill="#ffffff"/>');
      const markers = new Map();
      const marker = (color) => {
        if (!markers.has(color)) markers.set(color, "arrow" + markers.size);
        return markers.get(color);
      };
      const edges = [];
      cy.edges().forEach((e) => {
        const s = e.sourceEndpoint();
        const t = e.targetEndpoint();
        const color = e.style("line-color");
        const width = parseFloat(e.style("width")) || 1;
        const opacity = parseFloat(e.style("opacity"));
        const dashed = e.style("line-style") === "dashed" ? ' stroke-dasharray="6 4"' : "";
        const controls = e.controlPoints ? e.controlPoints() : null;
        let d = "M" + num(s.x) + " " + num(s.y);
        if (controls && controls.length) {
          // cytoscape draws a bezier edge as quadratic curves through its control points.
          for (let i = 0; i < controls.length; i++) {
            const c = controls[i];
            const end = i + 1 < controls.length ? { x: (c.x + controls[i + 1].x) / 2, y: (c.y + controls[i + 1].y) / 2 } : t;
            d += " Q" + num(c.x) + " " + num(c.y) + " " + num(end.x) + " " + num(end.y);
          }
        } else {
          d += " L" + num(t.x) + " " + num(t.y);
        }
        edges.push(
          '<path d="' + d + '" fill="none" stroke="' + esc(color) + '" stroke-width="' + num(width) + '"' + dashed +
            (opacity < 1 ? ' opacity="' + num(opacity) + '"' : "") + ' marker-end="url(#' + marker(color) + ')"/>'
        );
        const label = e.data("label");
        if (label) {
          const m = e.midpoint();
          edges.push(
            '<text x="' + num(m.x) + '" y="' + num(m.y) + '" font-size="9" fill="#334155" text-anchor="middle" dominant-baseline="middle" paint-order="stroke" stroke="#ffffff" stroke-width="3">' + esc(label) + "</text>"
          );
        }
      });
      out.push("<defs>");
      for (const [color, id] of markers) {
        out.push('<marker id="' + id + '" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="' + esc(color) + '"/></marker>');
      }
      out.push("</defs>");
      out.push.apply(out, edges);
      cy.nodes().forEach((n) => {
        const p = n.position();
        const nw = n.width();
        const nh = n.height();
        const fill = n.style("background-color");
        const stroke = n.style("border-color");
        const sw = parseFloat(n.style("border-width")) || 1;
        const style = n.style("border-style");
        const dash = style === "dashed" ? ' stroke-dasharray="5 3"' : style === "dotted" ? ' stroke-dasharray="1 3"' : "";
        const opacity = parseFloat(n.style("opacity"));
        const shape = n.data("kind") === "DataItem" ? "ellipse" : "rect";
        const common = ' fill="' + esc(fill) + '" stroke="' + esc(stroke) + '" stroke-width="' + num(sw) + '"' + dash + (opacity < 1 ? ' opacity="' + num(opacity) + '"' : "");
        out.push('<g class="node ' + esc(n.data("kind") || "") + (n.data("redacted") ? " redacted" : "") + '">');
        if (shape === "ellipse") {
          out.push('<ellipse cx="' + num(p.x) + '" cy="' + num(p.y) + '" rx="' + num(nw / 2) + '" ry="' + num(nh / 2) + '"' + common + "/>");
        } else {
          out.push('<rect x="' + num(p.x - nw / 2) + '" y="' + num(p.y - nh / 2) + '" width="' + num(nw) + '" height="' + num(nh) + '" rx="6"' + common + "/>");
        }
        const lines = String(n.data("label") || "").split("\n");
        const color = n.style("color");
        lines.forEach((line, i) => {
          const y = p.y + (i - (lines.length - 1) / 2) * 13;
          out.push('<text x="' + num(p.x) + '" y="' + num(y) + '" font-size="11" fill="' + esc(color) + '" text-anchor="middle" dominant-baseline="middle">' + esc(line) + "</text>");
        });
        out.push("</g>");
      });
      out.push("</svg>");
      return out.join("\n");
    }

    destroy() {
      this.cy.destroy();
    }
  }

  function num(x) {
    return String(Math.round(x * 100) / 100);
  }

  function esc(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  /** A legend of kinds and share types, as a DOM element. */
  function legend(doc) {
    const d = doc || global.document;
    const root = d.createElement("div");
    root.className = "govgraph-legend";
    const add = (swatch, text, css) => {
      const item = d.createElement("span");
      item.className = "govgraph-legend-item";
      const box = d.createElement("span");
      box.className = "govgraph-legend-swatch";
      Object.assign(box.style, css(swatch));
      item.appendChild(box);
      item.appendChild(d.createTextNode(text));
      root.appendChild(item);
    };
    for (const kind of Object.values(KINDS)) add(kind, kind.label, (k) => ({ background: k.fill, borderColor: "#94a3b8" }));
    for (const share of Object.values(SHARE)) add(share, share.label, (s) => ({ background: "#fff", borderColor: s.color, borderWidth: "3px" }));
    add(null, REDACTED_LABEL, () => ({ background: "#e5e7eb", borderColor: "#9ca3af", borderStyle: "dashed" }));
    add(null, "已截断 (上限)", () => ({ background: "#fff", borderColor: NO_SHARE, borderStyle: "double", borderWidth: "4px" }));
    return root;
  }

  global.GovgraphLineage = { LineageGraph, findLineages, legend, isRedacted, KINDS, SHARE, FLOW, REDACTED_LABEL };
})(window);
