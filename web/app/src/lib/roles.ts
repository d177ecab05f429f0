/* Roles whose work has its own pages: the EIC's desk is for the EIC and the leading group (Art.33–34). */
export const DESK_ROLES: readonly string[] = ["EIC", "LEADING_GROUP"];

export function mayUseDesk(roles: readonly string[]): boolean {
  return roles.some((r) => DESK_ROLES.includes(r));
}
