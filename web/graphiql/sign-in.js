/*
 * govgraph · GraphiQL signed in as the web app's user. The app (and the explorer) keep the raw
 * token in localStorage under "govgraph.token"; here every request of every tab carries it as
 * `Authorization: Bearer …`, unless the tab's own Headers set an Authorization header, so signing in
 * once at / (or /signin) signs in GraphiQL too, and a reload keeps it.
 *
 *   const fetcher = GovgraphSignIn.fetcher(GraphiQL.createFetcher({ url: "/graphql" }));
 *   React.createElement(GovgraphSignIn.Badge)   // "已登录：区卫生健康委 · 部门用户" / "公众（未登录）"
 */
(function (global) {
  "use strict";

  const TOKEN_KEY = "govgraph.token";
  const ROLES = { DEPARTMENT_USER: "部门用户", DEPARTMENT_ADMIN: "部门管理员", EIC: "区经济信息化委", LEADING_GROUP: "区信息化工作领导小组" };

  function token() {
    try {
      const raw = (global.localStorage.getItem(TOKEN_KEY) || "").trim().replace(/^bearer\s+/i, "").trim();
      return raw || null;
    } catch (e) {
      return null;
    }
  }

  function hasAuthorization(headers) {
    return Object.keys(headers || {}).some((name) => name.toLowerCase() === "authorization");
  }

  // GraphiQL calls the fetcher with the tab's headers in `options.headers`.
  function fetcher(inner) {
    return function (params, options) {
      const headers = Object.assign({}, options && options.headers);
      const current = token();
      if (current && !hasAuthorization(headers)) headers.Authorization = "Bearer " + current;
      return inner(params, Object.assign({}, options, { headers }));
    };
  }

  const h = global.React.createElement;

  function Badge() {
    const [state, setState] = global.React.useState({ text: token() ? "正在确认身份…" : "公众（未登录）", signIn: !token() });
    global.React.useEffect(() => {
      const current = token();
      if (!current) return;
      fetch("/graphql", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: "Bearer " + current },
        body: JSON.stringify({ query: "{ me { department roles dept { name shortName } } }" }),
      })
        .then((response) => response.json().then((body) => ({ status: response.status, body })))
        .then(({ status, body }) => {
          if (status === 401) return setState({ text: "登录已失效", signIn: true });
          const me = body && body.data && body.data.me;
          if (!me) return setState({ text: "身份未能确认", signIn: false });
          const who = (me.dept && (me.dept.shortName || me.dept.name)) || me.department || "";
          const roles = me.roles.map((r) => ROLES[r] || r).join("、");
          setState({ text: "已登录：" + who + (roles ? " · " + roles : ""), signIn: false });
        })
        .catch(() => setState({ text: "身份未能确认", signIn: false }));
    }, []);
    return h(
      "span",
      { className: "govgraph-signed-in" },
      state.text,
      state.signIn ? h("span", null, " · ", h("a", { href: "/signin?from=%2Fgraphql" }, "登录")) : null,
    );
  }

  global.GovgraphSignIn = { fetcher, Badge, token };
})(window);
