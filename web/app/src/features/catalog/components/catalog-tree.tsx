/*
 * The catalogs as a tree (Art.6–9): base catalogs (基础信息资源目录) and theme catalogs (主题信息资源目录)
 * under their themes, department catalogs (部门信息资源目录) under their departments.
 */
import type { TreeDataNode } from "antd";
import { Tree } from "antd";
import { useMemo } from "react";

import type { CatalogTreeQuery } from "@/features/catalog/api/catalogs.generated";
import { fill, messages } from "@/lib/i18n";
import { type Labels, useLabels } from "@/lib/labels";

type Catalog = CatalogTreeQuery["catalogs"]["edges"][number]["node"];

const KIND_ORDER = ["BASE", "THEME", "DEPARTMENT"];

function group(catalogs: Catalog[], labels: Labels): TreeDataNode[] {
  const m = messages.catalog;
  return KIND_ORDER.map((kind) => {
    const ofKind = catalogs.filter((c) => c.kind === kind);
    const groups = new Map<string, Catalog[]>();
    for (const c of ofKind) {
      const key = kind === "DEPARTMENT" ? (c.maintainer?.shortName ?? c.maintainer?.name ?? messages.common.none) : labels.enumLabel("CatalogTheme", c.theme);
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const leaf = (c: Catalog): TreeDataNode => ({ key: c.code, title: fill(m.leafTitle, { name: c.name, count: c.resourceCount }), isLeaf: true });
    // A theme or department with one catalog shows the catalog itself, not a group of one.
    const children: TreeDataNode[] = [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b, "zh-Hans-CN"))
      .map(([name, members]) =>
        members.length === 1 && members[0]
          ? leaf(members[0])
          : { key: `${kind}:${name}`, title: fill(m.groupTitle, { name, count: members.length }), selectable: false, children: members.map(leaf) },
      );
    return { key: kind, title: fill(m.groupTitle, { name: labels.enumLabel("CatalogKind", kind), count: ofKind.length }), selectable: false, children };
  });
}

export function CatalogTree({ catalogs, selected, onSelect }: { catalogs: Catalog[]; selected: string | null; onSelect: (code: string) => void }) {
  const labels = useLabels();
  const data = useMemo(() => group(catalogs, labels), [catalogs, labels]);
  return (
    <Tree
      treeData={data}
      defaultExpandedKeys={["BASE", "THEME"]}
      selectedKeys={selected ? [selected] : []}
      onSelect={(keys) => {
        const key = keys[0];
        if (typeof key === "string") onSelect(key);
      }}
      blockNode
      aria-label={messages.catalog.treeLabel}
    />
  );
}
