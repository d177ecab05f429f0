/*
 * The app's routes. Every page is its own chunk (React.lazy through the router's `lazy`), so the
 * first page loads only the shell and itself. Pages that show more than the open catalog ask the
 * public to sign in first (RequireSignIn); the server decides what each principal sees regardless.
 */
import { createBrowserRouter, RouterProvider } from "react-router";

import { AppShell } from "@/app/layout/app-shell";
import { RequireSignIn } from "@/app/layout/require-sign-in";

const router = createBrowserRouter([
  {
    element: <AppShell />,
    children: [
      { index: true, lazy: () => import("@/app/routes/home") },
      { path: "signin", lazy: () => import("@/app/routes/sign-in") },
      { path: "signin/callback", lazy: () => import("@/app/routes/oidc-callback") },
      { path: "open/catalog", lazy: () => import("@/app/routes/open-catalog") },
      { path: "resources/*", lazy: () => import("@/app/routes/resource") },
      { path: "departments/:code", lazy: () => import("@/app/routes/department") },
      { path: "systems/:code", lazy: () => import("@/app/routes/system") },
      {
        element: <RequireSignIn />,
        children: [
          { path: "search", lazy: () => import("@/app/routes/search") },
          { path: "catalogs", lazy: () => import("@/app/routes/catalogs") },
          { path: "catalogs/share", lazy: () => import("@/app/routes/share-catalog") },
          { path: "lineage", lazy: () => import("@/app/routes/lineage") },
          { path: "impact", lazy: () => import("@/app/routes/impact") },
          { path: "todo", lazy: () => import("@/app/routes/todo") },
          { path: "requests", lazy: () => import("@/app/routes/requests") },
          { path: "uses/:id", lazy: () => import("@/app/routes/use") },
          { path: "audit", lazy: () => import("@/app/routes/audit") },
          { path: "eic", lazy: () => import("@/app/routes/eic") },
        ],
      },
      { path: "*", lazy: () => import("@/app/routes/not-found") },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
