/*
 * A GraphQL Code Generator plugin: the names of the schema's enums, as a TypeScript type, so that
 * `useLabels().enumLabel(name, value)` is checked against the schema. The labels themselves come
 * from the API at run time (`enumLabels`, in the request's language), never from the app.
 */
const { isEnumType, isIntrospectionType } = require("graphql");

module.exports = {
  plugin(schema) {
    const names = Object.values(schema.getTypeMap())
      .filter((type) => isEnumType(type) && !isIntrospectionType(type) && !type.name.startsWith("__") && type.name !== "link__Purpose")
      .map((type) => type.name)
      .sort();
    return [
      "// Generated from schema.graphql by tools/enum-labels.cjs; do not edit.",
      "export const schemaEnumNames = " + JSON.stringify([...names, "NodeKind", "Role"]) + " as const;",
      "export type EnumName = (typeof schemaEnumNames)[number];",
      "",
    ].join("\n");
  },
};
