/*
 * The count of what awaits the signed-in person, for the header: its own module, so the header (in
 * the first page's chunk) carries only this query, not the to-do page and its forms.
 */
import { useQuery } from "@apollo/client/react";

import { AwaitingMeDocument } from "@/features/decisions/api/decisions.generated";

/** The number of tasks awaiting the signed-in person (null when not signed in or not yet known). */
export function useTodoCount(signedIn: boolean): number | null {
  const { data } = useQuery(AwaitingMeDocument, { fetchPolicy: "cache-and-network", skip: !signedIn });
  return signedIn && data ? data.awaitingMe.length : null;
}
