/*
 * The frame of every page: the header (the district's catalog, navigation, who is signed in), a
 * notice when the server refused the token, the page, and links to the lineage picture and GraphiQL.
 */
import { Layout } from "antd";
import { Suspense, useEffect } from "react";
import { Link, NavLink, Outlet, useNavigation } from "react-router";

import { Loading } from "@/components/query-state";
import { useAuth } from "@/features/auth/hooks/auth";
import { SessionNotice } from "@/features/auth/components/session-notice";
import { UserMenu } from "@/features/auth/components/user-menu";
import { useTodoCount } from "@/features/decisions/hooks/todo-count";
import { fill, messages } from "@/lib/i18n";
import { paths } from "@/lib/paths";
import { mayUseDesk } from "@/lib/roles";

const m = messages.shell;

type NavItem = { to: string; label: string; external?: boolean };

function navItems(signedIn: boolean, department: boolean, todo: number | null, roles: readonly string[]): NavItem[] {
  const d = messages.decisions;
  const eic = roles.includes("EIC");
  return [
    ...(signedIn
      ? [
          { to: paths.home, label: m.home },
          { to: paths.catalogs, label: m.catalogs },
          { to: paths.shareCatalog, label: m.shareCatalog },
          { to: paths.lineage(), label: m.explorer },
          { to: paths.todo, label: todo === null ? d.todo.nav : fill(d.todo.navCount, { count: todo }) },
          ...(department ? [{ to: paths.requests, label: d.requests.nav }] : []),
          ...(eic ? [{ to: paths.audit, label: d.audit.nav }] : []),
        ]
      : []),
    ...(signedIn && mayUseDesk(roles) ? [{ to: paths.eicDesk(), label: m.eicDesk }] : []),
    { to: paths.openCatalog, label: m.openCatalog },
    ...(signedIn ? [{ to: paths.graphiql, label: m.graphiql, external: true }] : []),
  ];
}

export function AppShell() {
  const auth = useAuth();
  const navigation = useNavigation();
  const signedIn = auth.status === "signed-in" || auth.status === "unconfirmed";
  const items = navItems(signedIn, Boolean(auth.me?.department), useTodoCount(auth.status === "signed-in"), auth.me?.roles ?? []);

  useEffect(() => {
    document.title = m.title;
  }, []);

  return (
    <Layout className="gg-shell">
      <a className="gg-skip" href="#main">
        {m.skip}
      </a>
      <Layout.Header className="gg-header">
        <Link to={signedIn ? paths.home : paths.openCatalog} className="gg-brand">
          {m.brand}
        </Link>
        <nav aria-label={m.navLabel} className="gg-nav">
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                {item.external ? (
                  <a href={item.to} target="_blank" rel="noopener">
                    {item.label}
                  </a>
                ) : (
                  <NavLink to={item.to} end={item.to === paths.home || item.to === paths.catalogs}>
                    {item.label}
                  </NavLink>
                )}
              </li>
            ))}
          </ul>
        </nav>
        <div className="gg-user-slot">
          <UserMenu />
        </div>
      </Layout.Header>
      <Layout.Content className="gg-content">
        <main id="main" tabIndex={-1}>
          <SessionNotice />
          {navigation.state === "loading" && <div className="gg-progress" aria-hidden="true" />}
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </main>
      </Layout.Content>
      <Layout.Footer className="gg-footer">{m.footer}</Layout.Footer>
    </Layout>
  );
}
