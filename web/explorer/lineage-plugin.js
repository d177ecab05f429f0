/*
 * govgraph · GraphiQL's "Lineage" panel: draws the `lineage` answer of the last query run, with the
 * same drawing as the explorer (lineage-graph.js), so an analyst sees the picture next to the JSON.
 *
 *   const lineage = window.GovgraphLineagePlugin;
 *   const fetcher = lineage.capture(GraphiQL.createFetcher({ url: "/graphql" }));
 *   React.createElement(GraphiQL, { fetcher, plugins: [lineage.plugin] });
 *
 * `capture` wraps GraphiQL's fetcher to see each result as it goes by (a promise, or the async
 * iterable of the multipart fetcher); introspection is let through unseen. Any object in `data` with
 * `nodes` (each with an `id`) and `edges` lists is a lineage answer, aliases included; when a result
 * holds several, the panel offers a choice. `window.govgraphLineagePanel` exposes the drawn graph.
 *
 * Needs the globals React, GovgraphLineage (and, to draw, cytoscape and cytoscapeDagre).
 */
(function (global) {
  "use strict";

  const React = global.React;
  const h = React.createElement;
  const listeners = new Set();
  let last = null; // { lineages: [{ path, lineage }], errors }

  const handle = {
    graph: null,
    drawn: 0,
    last: () => last,
    get cy() {
      return handle.graph ? handle.graph.cy : null;
    },
  };
  global.govgraphLineagePanel = handle;

  function publish(result) {
    if (!result || typeof result !== "object" || !result.data || result.data.__schema) return;
    last = { lineages: global.GovgraphLineage.findLineages(result.data), errors: result.errors || null };
    for (const listener of listeners) listener(last);
  }

  // GraphiQL's fetcher answers with a result, an async iterable of results (multipart), or a
  // promise of either; each result is published as it passes, untouched.
  function watch(out) {
    if (out && typeof out.then === "function") return out.then(watch);
    if (out && typeof out[Symbol.asyncIterator] === "function") {
      return (async function* () {
        for await (const result of out) {
          publish(result);
          yield result;
        }
      })();
    }
    if (out && typeof out.subscribe !== "function") publish(out);
    return out; // an observable (subscriptions) passes unseen: there is nothing to draw
  }

  function capture(fetcher) {
    return function (params, options) {
      const out = fetcher(params, options);
      return params && params.operationName === "IntrospectionQuery" ? out : watch(out);
    };
  }

  function LineageIcon() {
    return h(
      "svg",
      { viewBox: "0 0 24 24", width: "1em", height: "1em", fill: "none", stroke: "currentColor", strokeWidth: 1.6, "aria-hidden": "true" },
      h("rect", { x: 1.5, y: 9, width: 6, height: 6, rx: 1.5 }),
      h("rect", { x: 16.5, y: 3, width: 6, height: 6, rx: 1.5 }),
      h("rect", { x: 16.5, y: 15, width: 6, height: 6, rx: 1.5 }),
      h("path", { d: "M7.5 12 C12 12 12 6 16.5 6 M7.5 12 C12 12 12 18 16.5 18" })
    );
  }

  function startCode(lineage) {
    const start = (lineage.nodes || []).find((n) => n.depth === 0 && !global.GovgraphLineage.isRedacted(n));
    return start ? start.code : null;
  }

  function LineagePanel() {
    const canvas = React.useRef(null);
    const [current, setCurrent] = React.useState(last);
    const [which, setWhich] = React.useState(0);
    const [tapped, setTapped] = React.useState(null);
    const [problem, setProblem] = React.useState(null);
    const [counts, setCounts] = React.useState(null);

    React.useEffect(() => {
      const listener = (value) => {
        setWhich(0);
        setTapped(null);
        setCurrent(value);
      };
      listeners.add(listener);
      return () => listeners.delete(listener);
    }, []);

    React.useEffect(() => {
      let graph = null;
      try {
        graph = new global.GovgraphLineage.LineageGraph(canvas.current, { onTap: (node) => setTapped(node) });
      } catch (error) {
        setProblem(error.message);
        return undefined;
      }
      handle.graph = graph;
      const observer = new ResizeObserver(() => graph.cy.resize());
      observer.observe(canvas.current);
      return () => {
        observer.disconnect();
        graph.destroy();
        if (handle.graph === graph) handle.graph = null;
      };
    }, []);

    const chosen = current && current.lineages[which] ? current.lineages[which] : null;

    React.useEffect(() => {
      const graph = handle.graph;
      if (!graph) return;
      if (!chosen) {
        graph.cy.elements().remove();
        setCounts(null);
        return;
      }
      graph.load(chosen.lineage).then(() => {
        handle.drawn += 1;
        setCounts(graph.counts());
      });
    }, [current, which]);

    const save = (format) => {
      const graph = handle.graph;
      if (!graph || !counts || !chosen) return;
      const a = document.createElement("a");
      if (format === "png") a.href = graph.png();
      else a.href = URL.createObjectURL(new Blob([graph.svg()], { type: "image/svg+xml" }));
      a.download = "lineage." + format;
      a.click();
    };

    let message = null;
    if (problem) message = "无法绘图：" + problem + "（运行 scripts/assets 安装前端文件）";
    else if (!current) message = "运行一个含 lineage 的查询，这里会画出它的血缘图。";
    else if (!current.lineages.length) message = "最近一次查询的结果中没有 lineage（需要 nodes { id … } 与 edges { source target … }）。";

    const code = chosen ? startCode(chosen.lineage) : null;
    return h(
      "div",
      { className: "govgraph-lineage-plugin" },
      h(
        "div",
        { className: "govgraph-lineage-plugin-head" },
        h("div", { className: "graphiql-doc-explorer-title" }, "Lineage 血缘"),
        current && current.lineages.length > 1
          ? h(
              "select",
              { value: which, onChange: (e) => setWhich(Number(e.target.value)), "aria-label": "lineage" },
              current.lineages.map((l, i) => h("option", { key: l.path, value: i }, l.path))
            )
          : null,
        counts && chosen
          ? h(
              "p",
              { className: "govgraph-lineage-plugin-counts" },
              counts.nodes + " 个节点 · " + counts.edges + " 条边" + (chosen.lineage.truncated ? " · 已截断（上限）" : "") + " ",
              h("button", { type: "button", className: "graphiql-button", onClick: () => handle.graph.cy.fit(undefined, 24) }, "适应"),
              h("button", { type: "button", className: "graphiql-button", onClick: () => save("png") }, "PNG"),
              h("button", { type: "button", className: "graphiql-button", onClick: () => save("svg") }, "SVG"),
              code ? h("a", { href: "/lineage?" + new URLSearchParams({ code }).toString(), target: "_blank", rel: "noopener" }, "在血缘图中打开") : null
            )
          : null,
        message ? h("p", { className: "govgraph-lineage-plugin-message" }, message) : null
      ),
      h("div", { ref: canvas, className: "govgraph-lineage-canvas govgraph-lineage-plugin-canvas" }),
      tapped
        ? h(
            "p",
            { className: "govgraph-lineage-plugin-node" },
            tapped.kindLabel + " · " + tapped.name + (tapped.code ? "（" + tapped.code + "）" : "") + (tapped.shareLabel ? " · " + tapped.shareLabel : "")
          )
        : null,
      h("div", { className: "govgraph-lineage-plugin-legend", ref: (el) => el && !el.firstChild && el.appendChild(global.GovgraphLineage.legend(document)) })
    );
  }

  global.GovgraphLineagePlugin = {
    capture,
    plugin: { title: "Lineage", icon: LineageIcon, content: LineagePanel },
  };
})(window);
