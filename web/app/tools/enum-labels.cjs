/*
 * A GraphQL Code Generator plugin: every enum of the schema with each value's description, which
 * our schema gives as the value's Chinese term (共享类型 UNCONDITIONAL -> 无条件共享). The app reads
 * these only through src/lib/labels.tsx.
 */
const { isEnumType, isIntrospectionType } = require("graphql");

module.exports = {
  plugin(schema) {
    const labels = {};
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isEnumType(type) || isIntrospectionType(type) || type.name.startsWith("__")) continue;
      labels[type.name] = {};
      for (const value of type.getValues()) labels[type.name][value.name] = value.description || value.name;
    }
    return [
      "// Generated from schema.graphql by tools/enum-labels.cjs; do not edit.",
      "export const schemaEnumLabels = " + JSON.stringify(labels, null, 2) + " as const satisfies Record<string, Record<string, string>>;",
      "export type EnumName = keyof typeof schemaEnumLabels;",
      "",
    ].join("\n");
  },
};
